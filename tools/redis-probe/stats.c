// SPDX-License-Identifier: GPL-2.0
/* Latency percentiles and reply gaps (stats.h). */
#include <math.h>
#include <string.h>

#include "stats.h"

void stats_init(struct stats *s, double start)
{
	memset(s, 0, sizeof(*s));
	s->last_reply = start;
	s->max_gap_at = start;
}

unsigned stats_bucket(uint64_t us)
{
	unsigned bit, shift;

	if (us < STATS_EXACT)
		return (unsigned)us;
	if (us >= (uint64_t)1 << STATS_TOP_BIT)
		us = ((uint64_t)1 << STATS_TOP_BIT) - 1;
	bit = 63 - (unsigned)__builtin_clzll(us);	/* 7 and up */
	shift = bit - 6;
	return STATS_EXACT + (bit - 7) * STATS_SUB +
	       (unsigned)((us >> shift) - STATS_SUB);
}

void stats_bucket_range(unsigned b, uint64_t *low, uint64_t *width)
{
	unsigned j, shift;

	if (b < STATS_EXACT) {
		*low = b;
		*width = 1;
		return;
	}
	j = b - STATS_EXACT;
	shift = j / STATS_SUB + 1;
	*low = (uint64_t)(j % STATS_SUB + STATS_SUB) << shift;
	*width = (uint64_t)1 << shift;
}

void stats_latency(struct stats *s, double seconds)
{
	double us = seconds * 1e6;

	if (!(us >= 0))		/* also NaN: a clock never goes back */
		us = 0;
	s->hist[stats_bucket(us >= 0x1p62 ? (uint64_t)1 << 62 : (uint64_t)llround(us))]++;
	s->n++;
	if (seconds > s->max_latency)
		s->max_latency = seconds;
}

double stats_percentile(const struct stats *s, double p)
{
	uint64_t rank, seen = 0;

	if (!s->n)
		return 0;
	rank = (uint64_t)ceil(p * (double)s->n / 100);	/* exact for whole P */
	if (rank < 1)
		rank = 1;
	if (rank > s->n)
		rank = s->n;
	for (unsigned b = 0; b < STATS_BUCKETS; b++) {
		uint64_t low, width;
		double v;

		seen += s->hist[b];
		if (seen < rank)
			continue;
		stats_bucket_range(b, &low, &width);
		v = ((double)low + (double)(width - 1) / 2) / 1e6;
		return v < s->max_latency ? v : s->max_latency;
	}
	return s->max_latency;
}

void stats_gap_to(struct stats *s, double t)
{
	if (t - s->last_reply > s->max_gap) {
		s->max_gap = t - s->last_reply;
		s->max_gap_at = s->last_reply;
	}
}

void stats_reply(struct stats *s, double t)
{
	stats_gap_to(s, t);
	s->last_reply = t;
}
