// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of what the probe expects of the server, against a small
 * Redis in memory: a faithful server passes every step and check; a lost
 * write, a changed byte, a counter moved by someone else, an error or a
 * reply out of step are each seen and named; a request whose reply was
 * lost is resolved the right way whether or not the server applied it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "model.h"
#include "payload.h"

#define SLOTS 80

/* The server: keys and values, and how it misbehaves. */
struct fake {
	char key[SLOTS][32];
	char val[SLOTS][256];
	size_t vlen[SLOTS];
	int n;
	int drop_sets;		/* SET answers OK and stores nothing */
	char drop_key[32];	/* so for this key */
};

static struct resp_parser rq, rp;
static struct fake fk;
static struct model m;
static char req[MODEL_REQ_MAX], reply[32768], why[256];
static long req_len;

static int slot(struct fake *f, const struct resp_value *k, int create)
{
	for (int i = 0; i < f->n; i++)
		if (strlen(f->key[i]) == k->len && !memcmp(f->key[i], k->str, k->len))
			return i;
	if (!create)
		return -1;
	assert_true(f->n < SLOTS && k->len < sizeof(f->key[0]));
	memcpy(f->key[f->n], k->str, k->len);
	f->key[f->n][k->len] = '\0';
	f->vlen[f->n] = 0;
	return f->n++;
}

static size_t put_value(struct fake *f, const struct resp_value *k, char *out)
{
	int i = slot(f, k, 0);

	if (i < 0)
		return (size_t)sprintf(out, "$-1\r\n");
	return (size_t)sprintf(out, "$%zu\r\n%.*s\r\n", f->vlen[i],
			       (int)f->vlen[i], f->val[i]);
}

static struct resp_value key_of(const char *name)
{
	return (struct resp_value){ .type = RESP_BULK, .str = name,
				    .len = strlen(name) };
}

/* The fake executes the request in req: its reply into reply. */
static size_t execute(struct fake *f)
{
	const struct resp_value *v, *a;
	size_t used, o = 0;
	int i;

	resp_parser_init(&rq);
	assert_int_equal(resp_parse(&rq, req, (size_t)req_len, &used), RESP_DONE);
	assert_int_equal(used, req_len);
	v = resp_reply(&rq);
	assert_int_equal(v->type, RESP_ARRAY);
	a = v->elem;
	if (!strcmp(a[0].str, "SET")) {
		assert_int_equal(v->n, 3);
		if (!f->drop_sets && (strlen(f->drop_key) != a[1].len ||
				      memcmp(f->drop_key, a[1].str, a[1].len))) {
			i = slot(f, &a[1], 1);
			memcpy(f->val[i], a[2].str, a[2].len);
			f->vlen[i] = a[2].len;
		}
		return (size_t)sprintf(reply, "+OK\r\n");
	}
	if (!strcmp(a[0].str, "GET")) {
		assert_int_equal(v->n, 2);
		return put_value(f, &a[1], reply);
	}
	if (!strcmp(a[0].str, "INCR")) {
		long long c = 0;

		i = slot(f, &a[1], 1);
		if (f->vlen[i])
			assert_int_equal(resp_parse_ll(f->val[i], f->vlen[i], &c), 0);
		c++;
		f->vlen[i] = (size_t)sprintf(f->val[i], "%lld", c);
		return (size_t)sprintf(reply, ":%lld\r\n", c);
	}
	assert_string_equal(a[0].str, "MGET");
	o = (size_t)sprintf(reply, "*%zu\r\n", v->n - 1);
	for (size_t k = 1; k < v->n; k++)
		o += put_value(f, &a[k], reply + o);
	return o;
}

/* REPLY[0..N) as the reply to the request in flight. */
static enum model_result answer(size_t n)
{
	size_t used;

	resp_parser_init(&rp);
	assert_int_equal(resp_parse(&rp, reply, n, &used), RESP_DONE);
	return model_reply(&m, resp_reply(&rp), why, sizeof(why));
}

/* One request of the model, executed and answered. */
static enum model_result step(void)
{
	req_len = model_next(&m, req, sizeof(req));
	assert_true(req_len > 0);
	return answer(execute(&fk));
}

static void steps_ok(int n)
{
	for (int i = 0; i < n; i++) {
		enum model_result r = step();

		if (r != MR_OK)
			fail_msg("step %d (%s): result %d: %s", i,
				 model_op_name(m.cur.op), r, why);
	}
}

static enum model_result check(struct model_check *c)
{
	size_t used;

	req_len = model_check_request(&m, req, sizeof(req));
	assert_true(req_len > 0);
	execute(&fk);
	resp_parser_init(&rp);
	assert_int_equal(resp_parse(&rp, reply, strlen(reply), &used), RESP_DONE);
	return model_check_reply(&m, resp_reply(&rp), c, why, sizeof(why));
}

/* Step until the model's next request is OP; not executed yet. */
static void until(enum model_op op)
{
	for (int i = 0; i < 10; i++) {
		req_len = model_next(&m, req, sizeof(req));
		if (m.cur.op == op)
			return;
		assert_int_equal(answer(execute(&fk)), MR_OK);
	}
	fail_msg("no %s in 10 steps", model_op_name(op));
}

static void set_value(const char *name, const char *val)
{
	struct resp_value k = key_of(name);
	int i = slot(&fk, &k, 1);

	fk.vlen[i] = strlen(val);
	memcpy(fk.val[i], val, fk.vlen[i]);
}

static int setup(void **state)
{
	(void)state;
	memset(&fk, 0, sizeof(fk));
	/* What an earlier run left: the reset starts the counter over. */
	set_value("tk:counter", "77");
	model_init(&m, 0xfeedface12345678ULL);
	return 0;
}

static void faithful_server(void **state)
{
	struct model_check c;

	(void)state;
	assert_false(model_settled(&m));
	assert_int_equal(model_check_request(&m, req, sizeof(req)), -1);
	steps_ok(1);
	assert_int_equal(m.cur.op, OP_RESET);
	assert_true(model_settled(&m));
	steps_ok(3000);
	assert_int_equal(check(&c), MR_OK);
	assert_int_equal(c.counter_state, 1);
	assert_int_equal(c.counter, 1000);
	assert_int_equal(m.acked_incr, 1000);
	assert_true(c.counter_ok && c.values_ok);
	/* The ring: 64 keys, all written, all read back. */
	assert_int_equal(c.total, MODEL_KEYS);
	assert_int_equal(c.verified, MODEL_KEYS);
	assert_true(fk.n <= 1 + MODEL_KEYS);
	assert_true(m.counter_bad == 0 && m.value_bad == 0);
}

static void counter_moved_by_someone_else(void **state)
{
	struct model_check c;

	(void)state;
	steps_ok(30);
	set_value("tk:counter", "1000");
	until(OP_INCR);
	assert_int_equal(answer(execute(&fk)), MR_COUNTER);
	assert_string_equal(why, "INCR: counter jumped: 1001, expected 11");
	/* Said once: the next INCR goes on from there. */
	steps_ok(6);
	assert_int_equal(check(&c), MR_OK);
	assert_int_equal(m.counter_bad, 1);
	/* Between checks too. */
	set_value("tk:counter", "5");
	assert_int_equal(check(&c), MR_COUNTER);
	assert_false(c.counter_ok);
	assert_string_equal(why, "check: counter jumped: 5, expected 1003");
	set_value("tk:counter", "x");
	assert_int_equal(check(&c), MR_COUNTER);
	assert_int_equal(c.counter_state, -1);
}

static void lost_write(void **state)
{
	struct model_check c;
	unsigned key;

	(void)state;
	steps_ok(300);		/* 100 writes: the ring went round */
	until(OP_SET);
	key = m.cur.key;
	fk.drop_sets = 1;
	assert_int_equal(answer(execute(&fk)), MR_OK);	/* acked... */
	fk.drop_sets = 0;
	assert_int_equal(check(&c), MR_VALUE);		/* ...but lost */
	assert_false(c.values_ok);
	assert_int_equal(c.verified, MODEL_KEYS - 1);
	{
		char want[128];

		snprintf(want, sizeof(want), "check tk:v:%u: holds write %llu, "
			 "expected write %llu (a lost write)", key,
			 (unsigned long long)m.held[key] - MODEL_KEYS,
			 (unsigned long long)m.held[key]);
		assert_string_equal(why, want);
	}
	/* A GET of it says so too (the key's writes are lost from now on). */
	snprintf(fk.drop_key, sizeof(fk.drop_key), "tk:v:%u", key);
	for (int i = 0; i < 2000 && m.value_bad < 2; i++) {
		until(OP_GET);
		if (m.cur.key != key) {
			assert_int_equal(answer(execute(&fk)), MR_OK);
			continue;
		}
		assert_int_equal(answer(execute(&fk)), MR_VALUE);
		assert_non_null(strstr(why, "a lost write"));
	}
	assert_true(m.value_bad >= 2);
}

static void changed_byte(void **state)
{
	struct model_check c;
	struct resp_value k = key_of("tk:v:3");
	int i;

	(void)state;
	steps_ok(200);
	i = slot(&fk, &k, 0);
	assert_true(i >= 0);
	fk.val[i][20] ^= 1;
	assert_int_equal(check(&c), MR_VALUE);
	assert_non_null(strstr(why, "check tk:v:3: corrupt value"));
	/* Gone altogether. */
	fk.val[i][20] ^= 1;
	fk.key[i][0] = 'x';
	assert_int_equal(check(&c), MR_VALUE);
	assert_non_null(strstr(why, "check tk:v:3: no value"));
	/* Another key's value, and another run's. */
	fk.key[i][0] = 't';
	{
		char v[PAYLOAD_MAX + 1];

		payload_make(v, m.run, 4, m.held[3]);
		set_value("tk:v:3", v);
		assert_int_equal(check(&c), MR_VALUE);
		assert_non_null(strstr(why, "holds the value of tk:v:4"));
		payload_make(v, m.run + 1, 3, m.held[3]);
		set_value("tk:v:3", v);
		assert_int_equal(check(&c), MR_VALUE);
		assert_non_null(strstr(why, "a value of another run"));
	}
}

/* A lost INCR, applied or not: the resolution reads the counter. */
static void lost_incr(void **state)
{
	struct model_check c;

	(void)state;
	steps_ok(30);
	until(OP_INCR);
	execute(&fk);			/* applied, its reply lost */
	model_lost(&m);
	assert_false(model_settled(&m));
	assert_int_equal(step(), MR_OK);
	assert_int_equal(m.cur.op, OP_RESOLVE);
	assert_true(model_settled(&m));
	until(OP_INCR);
	model_lost(&m);			/* never got there */
	assert_int_equal(step(), MR_OK);
	assert_int_equal(m.cur.op, OP_RESOLVE);
	steps_ok(30);
	assert_int_equal(check(&c), MR_OK);
	/* The applied one counts in the counter, not in the acked. */
	assert_int_equal(c.counter, m.acked_incr + 1);
	/* Two applied is one too many. */
	until(OP_INCR);
	execute(&fk);
	execute(&fk);
	model_lost(&m);
	assert_int_equal(step(), MR_COUNTER);
	assert_non_null(strstr(why, "after a lost INCR: counter jumped"));
}

/* A lost SET, applied or not: the resolution reads the key. */
static void lost_set(void **state)
{
	struct model_check c;
	unsigned key;

	(void)state;
	steps_ok(300);
	until(OP_SET);
	key = m.cur.key;
	execute(&fk);
	model_lost(&m);
	assert_int_equal(step(), MR_OK);
	assert_int_equal(m.cur.op, OP_RESOLVE);
	assert_int_equal(m.held[key], m.seq);
	until(OP_SET);
	key = m.cur.key;
	model_lost(&m);
	assert_int_equal(step(), MR_OK);
	assert_int_equal(m.held[key], m.seq - MODEL_KEYS);
	steps_ok(100);
	assert_int_equal(check(&c), MR_OK);
	assert_true(c.values_ok);
	/* Neither the old value nor the new: seen. */
	until(OP_SET);
	key = m.cur.key;
	{
		char name[16];

		snprintf(name, sizeof(name), "tk:v:%u", key);
		set_value(name, "junk");
	}
	model_lost(&m);
	assert_int_equal(step(), MR_VALUE);
	assert_non_null(strstr(why, "after a lost SET tk:v:"));
}

/*
 * A lost first SET of a key that an earlier run wrote, not applied: the
 * earlier run's value is read back, which is no failure (the unit test's
 * server kept its data from probe to probe when it saw this).
 */
static void lost_first_set_over_another_run(void **state)
{
	char name[16], val[PAYLOAD_MAX + 1];
	unsigned key;
	size_t len;

	(void)state;
	for (unsigned k = 0; k < MODEL_KEYS; k++) {
		snprintf(name, sizeof(name), "tk:v:%u", k);
		len = payload_make(val, 0x1111222233334444ULL, k, 5);
		val[len] = '\0';
		set_value(name, val);
	}
	until(OP_SET);
	key = m.cur.key;
	assert_int_equal(m.held[key], 0);
	model_lost(&m);
	assert_int_equal(step(), MR_OK);
	assert_int_equal(m.cur.op, OP_RESOLVE);
	assert_int_equal(m.held[key], 0);
	/* Another run's value of another key there is still wrong. */
	until(OP_SET);
	key = m.cur.key;
	assert_int_equal(m.held[key], 0);
	snprintf(name, sizeof(name), "tk:v:%u", key);
	len = payload_make(val, 0x1111222233334444ULL, (key + 1) % MODEL_KEYS, 5);
	val[len] = '\0';
	set_value(name, val);
	model_lost(&m);
	assert_int_equal(step(), MR_VALUE);
	assert_non_null(strstr(why, "a value of another run"));
}

/* A lost GET or reset changes nothing: no resolution, the reset again. */
static void lost_get_and_reset(void **state)
{
	(void)state;
	req_len = model_next(&m, req, sizeof(req));
	assert_int_equal(m.cur.op, OP_RESET);
	model_lost(&m);
	req_len = model_next(&m, req, sizeof(req));
	assert_int_equal(m.cur.op, OP_RESET);
	assert_int_equal(answer(execute(&fk)), MR_OK);
	steps_ok(10);
	until(OP_GET);
	model_lost(&m);
	assert_true(model_settled(&m));
}

static void errors_and_wrong_replies(void **state)
{
	(void)state;
	steps_ok(10);
	req_len = model_next(&m, req, sizeof(req));
	assert_int_equal(answer((size_t)sprintf(reply, "-OOM no memory\r\n")),
			 MR_ERROR);
	assert_non_null(strstr(why, "error reply: OOM no memory"));
	until(OP_INCR);
	assert_int_equal(answer((size_t)sprintf(reply, "+OK\r\n")), MR_BAD);
	until(OP_SET);
	assert_int_equal(answer((size_t)sprintf(reply, ":1\r\n")), MR_BAD);
	until(OP_SET);
	assert_int_equal(answer((size_t)sprintf(reply, "+QUEUED\r\n")), MR_BAD);
	until(OP_GET);
	assert_int_equal(answer((size_t)sprintf(reply, "*0\r\n")), MR_BAD);
	/* A check's reply must have a value per key asked. */
	{
		struct model_check c;
		size_t used;

		req_len = model_check_request(&m, req, sizeof(req));
		resp_parser_init(&rp);
		assert_int_equal(resp_parse(&rp, "*1\r\n$-1\r\n", 9, &used),
				 RESP_DONE);
		assert_int_equal(model_check_reply(&m, resp_reply(&rp), &c, why,
						   sizeof(why)), MR_BAD);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(faithful_server, setup),
		cmocka_unit_test_setup(counter_moved_by_someone_else, setup),
		cmocka_unit_test_setup(lost_write, setup),
		cmocka_unit_test_setup(changed_byte, setup),
		cmocka_unit_test_setup(lost_incr, setup),
		cmocka_unit_test_setup(lost_set, setup),
		cmocka_unit_test_setup(lost_first_set_over_another_run, setup),
		cmocka_unit_test_setup(lost_get_and_reset, setup),
		cmocka_unit_test_setup(errors_and_wrong_replies, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
