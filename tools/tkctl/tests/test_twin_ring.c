// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the channel ring (kernel/twin/twin_ring.c, the kernels'
 * own file): wrap-around, full, empty, corrupt indices, oversized and
 * garbage records, torn writes, and a two-thread run that checks order
 * and contents under real concurrency.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "twin_ring.h"

#define RING_SIZE	256
#define MAX_REC		64

struct fixture {
	struct twin_ring_ctl ctl;
	uint8_t data[RING_SIZE];
	struct twin_ring prod, cons;
};

struct buf {
	uint8_t *p;
};

static int copy_in(void *ring, u32 off, u32 len, void *ctx)
{
	memcpy(ring, ((struct buf *)ctx)->p + off, len);
	return 0;
}

static int copy_out(void *ring, u32 off, u32 len, void *ctx)
{
	memcpy(((struct buf *)ctx)->p + off, ring, len);
	return 0;
}

static int copy_fails(void *ring, u32 off, u32 len, void *ctx)
{
	(void)ring; (void)off; (void)len; (void)ctx;
	return -EFAULT;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	assert_int_equal(twin_ring_init(&f->prod, &f->ctl, f->data, RING_SIZE,
					MAX_REC, true), 0);
	assert_int_equal(twin_ring_init(&f->cons, &f->ctl, f->data, RING_SIZE,
					MAX_REC, false), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	free(*state);
	return 0;
}

static int put(struct fixture *f, uint8_t fill, u32 len)
{
	uint8_t tmp[MAX_REC + 16];
	struct buf b = { tmp };

	memset(tmp, fill, sizeof(tmp));
	return twin_ring_write(&f->prod, TWIN_REC_MSG, len, copy_in, &b);
}

/* Reads one record and checks it is @len bytes of @fill. */
static void get_expect(struct fixture *f, uint8_t fill, u32 len)
{
	uint8_t tmp[MAX_REC];
	struct buf b = { tmp };
	u32 i;

	assert_int_equal(twin_ring_read(&f->cons, sizeof(tmp), copy_out, &b),
			 (int)len);
	for (i = 0; i < len; i++)
		assert_int_equal(tmp[i], fill);
}

static void test_init_rejects_bad_geometry(void **state)
{
	struct fixture *f = *state;
	struct twin_ring r;

	assert_int_equal(twin_ring_init(&r, &f->ctl, f->data, 100, 16, true), -EINVAL);
	assert_int_equal(twin_ring_init(&r, &f->ctl, f->data, 32, 8, true), -EINVAL);
	assert_int_equal(twin_ring_init(&r, &f->ctl, f->data, 256, 0, true), -EINVAL);
	assert_int_equal(twin_ring_init(&r, &f->ctl, f->data, 256, 200, true), -EINVAL);
	assert_int_equal(twin_ring_init(&r, NULL, f->data, 256, 16, true), -EINVAL);
}

static void test_empty(void **state)
{
	struct fixture *f = *state;
	uint8_t tmp[8];
	struct buf b = { tmp };
	u32 len;
	u16 type;

	assert_false(twin_ring_pending(&f->cons));
	assert_int_equal(twin_ring_peek(&f->cons, &type, &len), 0);
	assert_int_equal(twin_ring_read(&f->cons, 8, copy_out, &b), 0);
	assert_int_equal(twin_ring_skip(&f->cons), 0);
	assert_int_equal(twin_ring_free(&f->prod), RING_SIZE);
}

static void test_boundaries_and_order(void **state)
{
	struct fixture *f = *state;
	u32 len;
	u16 type;

	assert_int_equal(put(f, 1, 0), 0);
	assert_int_equal(put(f, 2, 5), 0);
	assert_int_equal(put(f, 3, MAX_REC), 0);
	assert_true(twin_ring_pending(&f->cons));
	assert_int_equal(twin_ring_peek(&f->cons, &type, &len), 1);
	assert_int_equal(type, TWIN_REC_MSG);
	assert_int_equal(len, 0);
	get_expect(f, 1, 0);
	get_expect(f, 2, 5);
	get_expect(f, 3, MAX_REC);
	assert_false(twin_ring_pending(&f->cons));
	assert_int_equal(twin_ring_free(&f->prod), RING_SIZE);
}

static void test_full_then_space(void **state)
{
	struct fixture *f = *state;
	int n = 0;

	/* 24-byte records: 10 fill 240 of 256 bytes, the 11th does not fit. */
	while (put(f, (uint8_t)n, 16) == 0)
		n++;
	assert_int_equal(n, RING_SIZE / twin_rec_space(16));
	assert_int_equal(put(f, 0, 16), -ENOSPC);
	assert_false(twin_ring_fits(&f->prod, 16));
	assert_true(twin_ring_fits(&f->prod, 8));	/* 16 bytes left */
	get_expect(f, 0, 16);
	assert_true(twin_ring_fits(&f->prod, 16));
	assert_int_equal(put(f, 0x55, 16), 0);
}

static void test_wrap_around(void **state)
{
	struct fixture *f = *state;
	u32 i;

	/* Many odd-sized records: every offset of the ring gets a header. */
	for (i = 0; i < 1000; i++) {
		assert_int_equal(put(f, (uint8_t)i, 1 + i % MAX_REC), 0);
		get_expect(f, (uint8_t)i, 1 + i % MAX_REC);
	}
	/* Also across 2^32: free-running indices wrap. */
	f->ctl.head = f->ctl.tail = 0xfffffff0u;
	f->prod.pos = f->cons.pos = 0xfffffff0u;
	for (i = 0; i < 10; i++) {
		assert_int_equal(put(f, (uint8_t)i, 40), 0);
		get_expect(f, (uint8_t)i, 40);
	}
	assert_true(f->prod.pos < 0x1000);
}

static void test_oversized(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(put(f, 0, MAX_REC + 1), -EMSGSIZE);
	assert_int_equal(twin_ring_free(&f->prod), RING_SIZE);
	assert_false(twin_ring_pending(&f->cons));
}

static void test_copy_error_changes_nothing(void **state)
{
	struct fixture *f = *state;
	uint8_t tmp[MAX_REC];

	assert_int_equal(twin_ring_write(&f->prod, TWIN_REC_MSG, 10, copy_fails,
					 NULL), -EFAULT);
	assert_false(twin_ring_pending(&f->cons));
	assert_int_equal(put(f, 7, 10), 0);
	assert_int_equal(twin_ring_read(&f->cons, sizeof(tmp), copy_fails, NULL),
			 -EFAULT);
	get_expect(f, 7, 10);		/* still there */
}

static void test_consumer_sees_corrupt_head(void **state)
{
	struct fixture *f = *state;
	u32 len;
	u16 type;

	f->ctl.head = RING_SIZE + 8;		/* more than the ring holds */
	assert_int_equal(twin_ring_peek(&f->cons, &type, &len), -EPROTO);
	assert_int_equal(f->cons.errors, 1);
	assert_non_null(f->cons.why);
	/* Broken stays broken, counted once, also when the head looks sane. */
	f->ctl.head = 0;
	assert_int_equal(twin_ring_peek(&f->cons, &type, &len), -EPROTO);
	assert_int_equal(f->cons.errors, 1);
	assert_true(twin_ring_pending(&f->cons));
}

static void test_consumer_sees_unaligned_head(void **state)
{
	struct fixture *f = *state;
	u32 len;
	u16 type;

	assert_int_equal(put(f, 1, 8), 0);
	f->ctl.head += 3;
	assert_int_equal(twin_ring_peek(&f->cons, &type, &len), -EPROTO);
}

static void test_garbage_record_header(void **state)
{
	struct fixture *f = *state;
	struct twin_rec_hdr *h = (struct twin_rec_hdr *)f->data;
	u32 len;
	u16 type;

	assert_int_equal(put(f, 1, 8), 0);
	h->len = 0x7fffffff;			/* check word now wrong */
	assert_int_equal(twin_ring_peek(&f->cons, &type, &len), -EPROTO);
}

static void test_valid_header_but_oversized(void **state)
{
	struct fixture *f = *state;
	struct twin_rec_hdr *h = (struct twin_rec_hdr *)f->data;
	uint8_t tmp[MAX_REC];
	struct buf b = { tmp };

	assert_int_equal(put(f, 1, 8), 0);
	h->len = 100000;
	h->check = twin_rec_check(h->len, h->type);
	assert_int_equal(twin_ring_read(&f->cons, sizeof(tmp), copy_out, &b),
			 -EPROTO);
}

static void test_record_beyond_head(void **state)
{
	struct fixture *f = *state;
	struct twin_rec_hdr *h = (struct twin_rec_hdr *)f->data;
	u32 len;
	u16 type;

	assert_int_equal(put(f, 1, 8), 0);	/* 16 bytes published */
	h->len = 40;				/* claims 48 */
	h->check = twin_rec_check(h->len, h->type);
	assert_int_equal(twin_ring_peek(&f->cons, &type, &len), -EPROTO);
}

/*
 * The peer rewrites a record's header (with a valid check word) after we
 * peeked at it: read and skip must go on with the length peek returned,
 * copy no byte beyond it, and report exactly what they copied.
 */
static void test_header_changed_after_peek(void **state)
{
	struct fixture *f = *state;
	struct twin_rec_hdr *h = (struct twin_rec_hdr *)f->data;
	uint8_t tmp[MAX_REC];
	struct buf b = { tmp };
	u32 len, i;
	u16 type;

	assert_int_equal(put(f, 7, 8), 0);
	assert_int_equal(put(f, 9, 40), 0);	/* room behind: 48 more bytes */
	assert_int_equal(twin_ring_peek(&f->cons, &type, &len), 1);
	assert_int_equal(len, 8);
	h->len = 40;				/* fits before the head too */
	h->check = twin_rec_check(h->len, h->type);
	assert_int_equal(twin_ring_peek(&f->cons, &type, &len), 1);
	assert_int_equal(len, 8);
	memset(tmp, 0xee, sizeof(tmp));
	assert_int_equal(twin_ring_read(&f->cons, sizeof(tmp), copy_out, &b), 8);
	for (i = 0; i < 8; i++)
		assert_int_equal(tmp[i], 7);
	for (i = 8; i < sizeof(tmp); i++)
		assert_int_equal(tmp[i], 0xee);	/* nothing beyond the record */
	get_expect(f, 9, 40);			/* the next one is intact */
	assert_false(twin_ring_pending(&f->cons));
}

/* As above, but the header changes while the payload is being copied. */
struct mutating_copy {
	struct twin_rec_hdr *hdr;
	uint8_t *dst;
};

static int copy_out_and_mutate(void *ring, u32 off, u32 len, void *ctx)
{
	struct mutating_copy *m = ctx;

	memcpy(m->dst + off, ring, len);
	m->hdr->len = 40;
	m->hdr->check = twin_rec_check(m->hdr->len, m->hdr->type);
	return 0;
}

static void test_header_changed_during_read(void **state)
{
	struct fixture *f = *state;
	uint8_t tmp[MAX_REC];
	struct mutating_copy m = { (struct twin_rec_hdr *)f->data, tmp };

	assert_int_equal(put(f, 7, 8), 0);
	assert_int_equal(put(f, 9, 40), 0);
	assert_int_equal(twin_ring_read(&f->cons, sizeof(tmp),
					copy_out_and_mutate, &m), 8);
	get_expect(f, 9, 40);
}

/* A short buffer: read returns what it copied, and the record is gone. */
static void test_read_truncates(void **state)
{
	struct fixture *f = *state;
	uint8_t tmp[MAX_REC];
	struct buf b = { tmp };

	assert_int_equal(put(f, 3, 20), 0);
	assert_int_equal(put(f, 4, 8), 0);
	assert_int_equal(twin_ring_read(&f->cons, 5, copy_out, &b), 5);
	get_expect(f, 4, 8);
}

static void test_producer_sees_corrupt_tail(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(put(f, 1, 8), 0);
	f->ctl.tail = f->prod.pos + 64;		/* tail ahead of head */
	assert_int_equal(put(f, 1, 8), -EPROTO);
	assert_int_equal(twin_ring_free(&f->prod), -EPROTO);
	assert_false(twin_ring_fits(&f->prod, 8));
	assert_int_equal(f->prod.errors, 1);
}

static void test_torn_write_is_invisible(void **state)
{
	struct fixture *f = *state;
	struct twin_rec_hdr hdr = { 16, TWIN_REC_MSG, 0 };

	/* A producer that died after writing a record but before its head. */
	hdr.check = twin_rec_check(hdr.len, hdr.type);
	memcpy(f->data, &hdr, sizeof(hdr));
	memset(f->data + 8, 0xaa, 16);
	assert_false(twin_ring_pending(&f->cons));
	/* A restarted producer starts clean; the consumer resyncs with it. */
	assert_int_equal(twin_ring_init(&f->prod, &f->ctl, f->data, RING_SIZE,
					MAX_REC, true), 0);
	assert_int_equal(twin_ring_init(&f->cons, &f->ctl, f->data, RING_SIZE,
					MAX_REC, false), 0);
	assert_int_equal(put(f, 3, 12), 0);
	get_expect(f, 3, 12);
}

static void test_consumer_attach_resyncs(void **state)
{
	struct fixture *f = *state;

	/* A consumer attaching late starts at the producer's index. */
	assert_int_equal(put(f, 1, 8), 0);
	assert_int_equal(twin_ring_init(&f->cons, &f->ctl, f->data, RING_SIZE,
					MAX_REC, false), 0);
	assert_false(twin_ring_pending(&f->cons));
	f->ctl.head = 5;			/* unaligned: broken at once */
	assert_int_equal(twin_ring_init(&f->cons, &f->ctl, f->data, RING_SIZE,
					MAX_REC, false), 0);
	assert_true(f->cons.broken);
}

static void test_doorbell_hints(void **state)
{
	struct fixture *f = *state;
	u32 old;

	old = f->prod.pos;
	assert_int_equal(put(f, 1, 8), 0);
	assert_true(twin_ring_need_kick(&f->prod, old));	/* was empty */
	old = f->prod.pos;
	assert_int_equal(put(f, 2, 8), 0);
	assert_false(twin_ring_need_kick(&f->prod, old));	/* not caught up */
	assert_false(twin_ring_producer_waits(&f->cons));
	twin_ring_set_wait(&f->prod, true);
	assert_true(twin_ring_producer_waits(&f->cons));
	twin_ring_set_wait(&f->prod, false);
	assert_false(twin_ring_producer_waits(&f->cons));
}

/* Two threads, one per side: sequence and checksum of every record. */
#define THREAD_RECORDS	200000

struct threaded {
	struct twin_ring_ctl ctl;
	uint8_t data[4096];
	struct twin_ring prod, cons;
};

static uint32_t checksum(const uint8_t *p, u32 n)
{
	uint32_t h = 2166136261u;

	while (n--)
		h = (h ^ *p++) * 16777619u;
	return h;
}

static void *producer_thread(void *arg)
{
	struct threaded *t = arg;
	uint8_t rec[200];
	struct buf b = { rec };
	uint32_t seq, sum, i;
	u32 len;

	for (seq = 0; seq < THREAD_RECORDS; seq++) {
		len = 8 + (seq * 7) % 180;
		memcpy(rec, &seq, 4);
		for (i = 8; i < len; i++)
			rec[i] = (uint8_t)(seq + i);
		sum = checksum(rec + 8, len - 8);
		memcpy(rec + 4, &sum, 4);
		while (twin_ring_write(&t->prod, TWIN_REC_MSG, len, copy_in, &b) == -ENOSPC)
			;
	}
	return NULL;
}

static void test_two_threads(void **state)
{
	struct threaded *t = calloc(1, sizeof(*t));
	uint8_t rec[200];
	struct buf b = { rec };
	uint32_t seq = 0, got, sum;
	pthread_t th;
	int n;

	(void)state;
	assert_non_null(t);
	assert_int_equal(twin_ring_init(&t->prod, &t->ctl, t->data,
					sizeof(t->data), 200, true), 0);
	assert_int_equal(twin_ring_init(&t->cons, &t->ctl, t->data,
					sizeof(t->data), 200, false), 0);
	assert_int_equal(pthread_create(&th, NULL, producer_thread, t), 0);
	while (seq < THREAD_RECORDS) {
		n = twin_ring_read(&t->cons, sizeof(rec), copy_out, &b);
		assert_true(n >= 0);
		if (!n)
			continue;
		memcpy(&got, rec, 4);
		memcpy(&sum, rec + 4, 4);
		assert_int_equal(got, seq);
		assert_int_equal((u32)n, 8 + (seq * 7) % 180);
		assert_int_equal(sum, checksum(rec + 8, (u32)n - 8));
		seq++;
	}
	pthread_join(th, NULL);
	assert_int_equal(t->cons.errors, 0);
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_init_rejects_bad_geometry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_boundaries_and_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_full_then_space, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrap_around, setup, teardown),
		cmocka_unit_test_setup_teardown(test_oversized, setup, teardown),
		cmocka_unit_test_setup_teardown(test_copy_error_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_consumer_sees_corrupt_head, setup, teardown),
		cmocka_unit_test_setup_teardown(test_consumer_sees_unaligned_head, setup, teardown),
		cmocka_unit_test_setup_teardown(test_garbage_record_header, setup, teardown),
		cmocka_unit_test_setup_teardown(test_valid_header_but_oversized, setup, teardown),
		cmocka_unit_test_setup_teardown(test_record_beyond_head, setup, teardown),
		cmocka_unit_test_setup_teardown(test_header_changed_after_peek, setup, teardown),
		cmocka_unit_test_setup_teardown(test_header_changed_during_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_truncates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_producer_sees_corrupt_tail, setup, teardown),
		cmocka_unit_test_setup_teardown(test_torn_write_is_invisible, setup, teardown),
		cmocka_unit_test_setup_teardown(test_consumer_attach_resyncs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_doorbell_hints, setup, teardown),
		cmocka_unit_test(test_two_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
