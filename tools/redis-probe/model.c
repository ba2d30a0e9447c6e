// SPDX-License-Identifier: GPL-2.0
/* The server's expected contents and the requests that check them (model.h). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "model.h"
#include "payload.h"

#define COUNTER_KEY "tk:counter"

void model_init(struct model *m, uint64_t run)
{
	memset(m, 0, sizeof(*m));
	m->run = run;
	m->rng = run | 1;
}

int model_settled(const struct model *m)
{
	return m->reset_done && !m->has_unsure;
}

const char *model_op_name(enum model_op op)
{
	static const char *const names[] = {
		[OP_RESET] = "RESET", [OP_INCR] = "INCR", [OP_SET] = "SET",
		[OP_GET] = "GET", [OP_RESOLVE] = "RESOLVE", [OP_CHECK] = "MGET",
	};

	return names[op];
}

static void key_name(char out[16], unsigned key)
{
	snprintf(out, 16, "tk:v:%u", key);
}

static uint64_t xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* A key written before, at random; -1 when none is. */
static int written_key(struct model *m)
{
	unsigned start = (unsigned)(xorshift(&m->rng) % MODEL_KEYS);

	for (unsigned i = 0; i < MODEL_KEYS; i++)
		if (m->held[(start + i) % MODEL_KEYS])
			return (int)((start + i) % MODEL_KEYS);
	return -1;
}

static long cmd2(char *buf, size_t cap, const char *a, const char *b)
{
	const char *argv[] = { a, b };

	return resp_encode(buf, cap, 2, argv, NULL);
}

long model_next(struct model *m, char *buf, size_t cap)
{
	char key[16];
	int k;

	if (!m->reset_done) {
		const char *argv[] = { "SET", COUNTER_KEY, "0" };

		m->cur = (struct model_req){ .op = OP_RESET };
		return resp_encode(buf, cap, 3, argv, NULL);
	}
	if (m->has_unsure) {
		m->cur = (struct model_req){ .op = OP_RESOLVE };
		if (m->unsure.op == OP_INCR)
			return cmd2(buf, cap, "GET", COUNTER_KEY);
		key_name(key, m->unsure.key);
		return cmd2(buf, cap, "GET", key);
	}
	switch (m->step++ % 3) {
	case 0:
		break;
	case 1: {
		char val[PAYLOAD_MAX + 1];
		const char *argv[] = { "SET", key, val };
		size_t lens[3] = { 3, 0, 0 };

		m->cur = (struct model_req){ .op = OP_SET, .key = m->next_key,
					     .seq = ++m->seq };
		m->next_key = (m->next_key + 1) % MODEL_KEYS;
		key_name(key, m->cur.key);
		lens[1] = strlen(key);
		lens[2] = payload_make(val, m->run, m->cur.key, m->cur.seq);
		return resp_encode(buf, cap, 3, argv, lens);
	}
	case 2:
		k = written_key(m);
		if (k >= 0) {
			m->cur = (struct model_req){ .op = OP_GET,
						     .key = (unsigned)k };
			key_name(key, (unsigned)k);
			return cmd2(buf, cap, "GET", key);
		}
		break;	/* nothing written yet (the SETs failed): an INCR */
	}
	m->cur = (struct model_req){ .op = OP_INCR };
	return cmd2(buf, cap, "INCR", COUNTER_KEY);
}

static int is_ok(const struct resp_value *v)
{
	return v->type == RESP_SIMPLE && v->len == 2 && !memcmp(v->str, "OK", 2);
}

/* V is the value of write SEQ of KEY (0: never written, no value). */
static int is_write(const struct model *m, unsigned key, uint64_t seq,
		    const struct resp_value *v)
{
	char want[PAYLOAD_MAX + 1];
	size_t len;

	if (!seq)
		return v->type == RESP_NULL_BULK;
	if (v->type != RESP_BULK)
		return 0;
	len = payload_make(want, m->run, key, seq);
	return v->len == len && !memcmp(v->str, want, len);
}

/* Why V is not write SEQ of KEY. */
static void say_value(const struct model *m, unsigned key, uint64_t seq,
		      const struct resp_value *v, const char *what,
		      char *why, size_t n)
{
	uint64_t run, got_seq;
	unsigned got_key;

	if (v->type == RESP_NULL_BULK)
		snprintf(why, n, "%s tk:v:%u: no value, expected write %" PRIu64
			 " (a lost write)", what, key, seq);
	else if (payload_parse(v->str, v->len, &run, &got_key, &got_seq))
		snprintf(why, n, "%s tk:v:%u: corrupt value (%zu bytes, form "
			 "or checksum wrong), expected write %" PRIu64,
			 what, key, v->len, seq);
	else if (run != m->run)
		snprintf(why, n, "%s tk:v:%u: a value of another run "
			 "(%016" PRIx64 ")", what, key, run);
	else if (got_key != key)
		snprintf(why, n, "%s tk:v:%u: holds the value of tk:v:%u",
			 what, key, got_key);
	else if (got_seq != seq)
		snprintf(why, n, "%s tk:v:%u: holds write %" PRIu64
			 ", expected write %" PRIu64 "%s", what, key, got_seq,
			 seq, got_seq < seq ? " (a lost write)" : "");
	else
		snprintf(why, n, "%s tk:v:%u: corrupt value (checksum right, "
			 "bytes wrong)", what, key);
}

/* tk:counter's value from a GET: 1 a number, 0 no key, -1 anything else. */
static int read_counter(const struct resp_value *v, long long *c)
{
	if (v->type == RESP_NULL_BULK)
		return 0;
	if (v->type != RESP_BULK || resp_parse_ll(v->str, v->len, c))
		return -1;
	return 1;
}

static void say_counter(int state, long long got, long long want,
			const char *what, char *why, size_t n)
{
	if (state == 1)
		snprintf(why, n, "%s: counter jumped: %lld, expected %lld",
			 what, got, want);
	else
		snprintf(why, n, "%s: counter %s, expected %lld", what,
			 state ? "not a number" : "gone", want);
}

/*
 * V is what an earlier run left in KEY, which this run has not written yet:
 * a lost first SET of KEY that did not apply (the key stays unknown).
 */
static int other_run_before(const struct model *m, unsigned key,
			    const struct resp_value *v)
{
	uint64_t run, seq;
	unsigned got_key;

	return !m->held[key] && v->type == RESP_BULK &&
	       !payload_parse(v->str, v->len, &run, &got_key, &seq) &&
	       run != m->run && got_key == key;
}

/* What a lost INCR or SET did, read back. */
static enum model_result resolve(struct model *m, const struct resp_value *v,
				 char *why, size_t n)
{
	const struct model_req *u = &m->unsure;
	long long c = 0;
	int state;

	if (v->type != RESP_BULK && v->type != RESP_NULL_BULK)
		return MR_BAD;
	m->has_unsure = 0;
	if (u->op == OP_SET) {
		if (is_write(m, u->key, m->held[u->key], v) ||
		    other_run_before(m, u->key, v))
			return MR_OK;
		if (is_write(m, u->key, u->seq, v)) {
			m->held[u->key] = u->seq;
			return MR_OK;
		}
		m->value_bad++;
		say_value(m, u->key, m->held[u->key], v,
			  "after a lost SET", why, n);
		return MR_VALUE;
	}
	state = read_counter(v, &c);
	if (state == 1 && (c == m->counter || c == m->counter + 1)) {
		m->counter = c;
		return MR_OK;
	}
	m->counter_bad++;
	say_counter(state, c, m->counter, "after a lost INCR", why, n);
	if (state == 1)
		m->counter = c;	/* report a jump once */
	return MR_COUNTER;
}

enum model_result model_reply(struct model *m, const struct resp_value *v,
			      char *why, size_t n)
{
	const struct model_req *r = &m->cur;

	why[0] = '\0';
	if (v->type == RESP_ERROR) {
		snprintf(why, n, "%s: error reply: %s", model_op_name(r->op),
			 v->str);
		return MR_ERROR;
	}
	switch (r->op) {
	case OP_RESET:
		if (!is_ok(v))
			break;
		m->reset_done = 1;
		m->counter = 0;
		return MR_OK;
	case OP_INCR:
		if (v->type != RESP_INTEGER)
			break;
		if (v->integer == m->counter + 1) {
			m->counter = v->integer;
			m->acked_incr++;
			return MR_OK;
		}
		m->counter_bad++;
		say_counter(1, v->integer, m->counter + 1, "INCR", why, n);
		m->counter = v->integer;
		return MR_COUNTER;
	case OP_SET:
		if (!is_ok(v))
			break;
		m->held[r->key] = r->seq;
		return MR_OK;
	case OP_GET:
		if (v->type != RESP_BULK && v->type != RESP_NULL_BULK)
			break;
		if (is_write(m, r->key, m->held[r->key], v))
			return MR_OK;
		m->value_bad++;
		say_value(m, r->key, m->held[r->key], v, "GET", why, n);
		return MR_VALUE;
	case OP_RESOLVE: {
		enum model_result res = resolve(m, v, why, n);

		if (res != MR_BAD)
			return res;
		break;
	}
	case OP_CHECK:
		break;
	}
	snprintf(why, n, "%s: unexpected reply (RESP type %d)",
		 model_op_name(r->op), (int)v->type);
	return MR_BAD;
}

void model_lost(struct model *m)
{
	/* A lost GET changed nothing; a lost reset is simply sent again. */
	if (m->cur.op == OP_INCR || m->cur.op == OP_SET) {
		m->unsure = m->cur;
		m->has_unsure = 1;
	}
}

long model_check_request(struct model *m, char *buf, size_t cap)
{
	const char *argv[1 + MODEL_KEYS + 1];
	char names[MODEL_KEYS][16];
	int argc = 0;

	if (!model_settled(m))
		return -1;
	argv[argc++] = "MGET";
	argv[argc++] = COUNTER_KEY;
	m->ncheck = 0;
	for (unsigned k = 0; k < MODEL_KEYS; k++) {
		if (!m->held[k])
			continue;
		key_name(names[m->ncheck], k);
		argv[argc++] = names[m->ncheck];
		m->check_keys[m->ncheck++] = k;
	}
	m->cur = (struct model_req){ .op = OP_CHECK };
	return resp_encode(buf, cap, argc, argv, NULL);
}

enum model_result model_check_reply(struct model *m, const struct resp_value *v,
				    struct model_check *c, char *why, size_t n)
{
	enum model_result res = MR_OK;

	memset(c, 0, sizeof(*c));
	why[0] = '\0';
	if (v->type == RESP_ERROR) {
		snprintf(why, n, "MGET: error reply: %s", v->str);
		return MR_ERROR;
	}
	if (v->type != RESP_ARRAY || v->n != 1 + m->ncheck) {
		snprintf(why, n, "MGET: unexpected reply (RESP type %d, %zu "
			 "elements for %u keys)", (int)v->type,
			 v->type == RESP_ARRAY ? v->n : 0, 1 + m->ncheck);
		return MR_BAD;
	}
	c->counter_state = read_counter(&v->elem[0], &c->counter);
	c->counter_ok = c->counter_state == 1 && c->counter == m->counter;
	if (!c->counter_ok) {
		m->counter_bad++;
		say_counter(c->counter_state, c->counter, m->counter, "check",
			    why, n);
		if (c->counter_state == 1)
			m->counter = c->counter;
		res = MR_COUNTER;
	}
	c->total = m->ncheck;
	for (unsigned i = 0; i < m->ncheck; i++) {
		unsigned k = m->check_keys[i];

		if (is_write(m, k, m->held[k], &v->elem[1 + i])) {
			c->verified++;
			continue;
		}
		m->value_bad++;
		if (res == MR_OK) {
			say_value(m, k, m->held[k], &v->elem[1 + i], "check",
				  why, n);
			res = MR_VALUE;
		}
	}
	c->values_ok = c->verified == c->total;
	return res;
}
