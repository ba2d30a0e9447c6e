// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the probe's figures: the latency histogram's buckets hold
 * what they should, percentiles by nearest rank, the longest gap and
 * where it began.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "stats.h"

static struct stats st;

#define near(a, b) assert_true((a) - (b) < 1e-9 && (b) - (a) < 1e-9)

static void buckets(void **state)
{
	unsigned last = 0;

	(void)state;
	for (uint64_t us = 0; us < ((uint64_t)1 << 22); us++) {
		unsigned b = stats_bucket(us);
		uint64_t low, width;

		assert_true(b < STATS_BUCKETS);
		assert_true(b == last || b == last + 1);	/* in order, none skipped */
		last = b;
		stats_bucket_range(b, &low, &width);
		assert_true(low <= us && us < low + width);
		assert_true(width == 1 || width * 64 <= low);	/* under 1/64 */
	}
	/* The top: the last bucket, also for anything larger. */
	assert_int_equal(stats_bucket(((uint64_t)1 << STATS_TOP_BIT) - 1),
			 STATS_BUCKETS - 1);
	assert_int_equal(stats_bucket(UINT64_MAX), STATS_BUCKETS - 1);
}

static void percentiles(void **state)
{
	(void)state;
	stats_init(&st, 0);
	near(stats_percentile(&st, 50), 0);
	/* 1..100 us, in any order: exact below 128 us. */
	for (int i = 100; i >= 1; i--)
		stats_latency(&st, i / 1e6);
	near(stats_percentile(&st, 50), 50e-6);
	near(stats_percentile(&st, 99), 99e-6);
	near(stats_percentile(&st, 100), 100e-6);
	near(stats_percentile(&st, 0), 1e-6);
	near(st.max_latency, 100e-6);

	/* One slow reply among fast ones: p99 of 100 is the 99th. */
	stats_init(&st, 0);
	for (int i = 0; i < 99; i++)
		stats_latency(&st, 200e-6);
	stats_latency(&st, 0.25);
	assert_true(stats_percentile(&st, 99) >= 199e-6 &&
		    stats_percentile(&st, 99) <= 203e-6);
	near(stats_percentile(&st, 100), 0.25);
	/* Large values: within a bucket's width, never above the max. */
	stats_init(&st, 0);
	stats_latency(&st, 1.234567);
	assert_true(stats_percentile(&st, 50) <= 1.234567 &&
		    stats_percentile(&st, 50) > 1.234567 * (1 - 1.0 / 64));
	/* A clock that went back counts as 0, not as a huge value. */
	stats_latency(&st, -1);
	near(stats_percentile(&st, 50), 0);
}

static void gaps(void **state)
{
	(void)state;
	stats_init(&st, 1.0);
	stats_reply(&st, 1.1);
	stats_reply(&st, 1.2);
	stats_reply(&st, 1.7);	/* 0.5 s, from 1.2 */
	stats_reply(&st, 1.75);
	near(st.max_gap, 0.5);
	near(st.max_gap_at, 1.2);
	/* A failure while waiting: the gap so far counts... */
	stats_gap_to(&st, 2.45);
	near(st.max_gap, 0.7);
	near(st.max_gap_at, 1.75);
	/* ...and the reply after the reconnect ends the whole gap. */
	stats_reply(&st, 2.9);
	near(st.max_gap, 1.15);
	near(st.max_gap_at, 1.75);
	near(st.last_reply, 2.9);
	/* Shorter gaps change nothing. */
	stats_reply(&st, 3.0);
	near(st.max_gap, 1.15);
}

static void first_gap_from_start(void **state)
{
	(void)state;
	stats_init(&st, 0);
	stats_reply(&st, 0.3);
	near(st.max_gap, 0.3);
	near(st.max_gap_at, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(buckets),
		cmocka_unit_test(percentiles),
		cmocka_unit_test(gaps),
		cmocka_unit_test(first_gap_from_start),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
