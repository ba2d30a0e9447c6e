/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the probe measures: reply latencies (a histogram: bounded memory
 * however long the probe runs, percentiles within 1 %), and the gaps
 * between replies, the longest of which is the client-seen gap of an
 * upgrade. Times are seconds on the probe's monotonic clock.
 */
#ifndef STATS_H
#define STATS_H

#include <stdint.h>

/*
 * Latencies in microseconds: values below 128 have buckets of their own,
 * each power of two above is cut in 64 (a bucket is under 1/64 of its
 * value wide), up to 2^40 us (12 days).
 */
#define STATS_EXACT 128
#define STATS_SUB 64
#define STATS_TOP_BIT 40
#define STATS_BUCKETS (STATS_EXACT + (STATS_TOP_BIT - 7) * STATS_SUB)

struct stats {
	uint64_t hist[STATS_BUCKETS];
	uint64_t n;
	double max_latency;
	double last_reply;	/* or the start, before any reply */
	double max_gap;
	double max_gap_at;	/* when the longest gap began */
};

void stats_init(struct stats *s, double start);
void stats_latency(struct stats *s, double seconds);
/*
 * The latency P percent of the replies did not exceed (nearest rank), 0
 * before any reply: exact below 128 us, else the middle of its bucket, never
 * above the longest seen.
 */
double stats_percentile(const struct stats *s, double p);
/* A reply at T ends the gap since the last one. */
void stats_reply(struct stats *s, double t);
/* A failure or the end at T while a reply is awaited: the gap so far counts. */
void stats_gap_to(struct stats *s, double t);

/* The histogram's bucket of a latency in microseconds, and its range. */
unsigned stats_bucket(uint64_t us);
void stats_bucket_range(unsigned b, uint64_t *low, uint64_t *width);

#endif
