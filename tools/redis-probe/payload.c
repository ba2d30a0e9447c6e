// SPDX-License-Identifier: GPL-2.0
/* The probe's values and their check (payload.h). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "payload.h"

uint32_t fnv1a32(const void *buf, size_t n)
{
	const unsigned char *b = buf;
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= 16777619u;
	}
	return h;
}

size_t payload_make(char out[PAYLOAD_MAX + 1], uint64_t run, unsigned key,
		    uint64_t seq)
{
	/* A length and a filler that differ from one write to the next. */
	size_t len = PAYLOAD_MIN + (size_t)((seq * 2654435761u + key) %
					    (PAYLOAD_MAX - PAYLOAD_MIN + 1));
	int head = snprintf(out, PAYLOAD_MAX + 1, "%016" PRIx64 ".%u.%" PRIu64 ".",
			    run, key, seq);
	size_t fill = len - (size_t)head - 9;	/* 9: ".%08x" */

	/* head is at most 16 + 1 + 10 + 1 + 20 + 1 = 49 bytes: fill >= 6. */
	for (size_t i = 0; i < fill; i++)
		out[head + i] = (char)('a' + (seq * 31 + key + i * 7) % 26);
	snprintf(out + len - 9, 10, ".%08" PRIx32,
		 fnv1a32(out, len - 9));
	return len;
}

/* Digits of S[*I..N) up to the next '.', as a number below LIMIT. */
static int field(const char *s, size_t n, size_t *i, int base, uint64_t limit,
		 uint64_t *out)
{
	uint64_t v = 0;
	size_t start = *i;

	for (; *i < n && s[*i] != '.'; (*i)++) {
		char c = s[*i];
		unsigned d;

		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else
			return -1;
		if (v > (limit - d) / (unsigned)base)
			return -1;
		v = v * (unsigned)base + d;
	}
	if (*i == start || *i == n)
		return -1;
	(*i)++;		/* the '.' */
	*out = v;
	return 0;
}

int payload_parse(const char *s, size_t n, uint64_t *run, unsigned *key,
		  uint64_t *seq)
{
	uint64_t k, hash;
	size_t i = 0;

	if (n < PAYLOAD_MIN || n > PAYLOAD_MAX)
		return -1;
	if (field(s, n, &i, 16, UINT64_MAX, run) ||
	    field(s, n, &i, 10, UINT32_MAX, &k) ||
	    field(s, n, &i, 10, UINT64_MAX, seq))
		return -1;
	/* The filler, then ".HASH" ends the value. */
	for (; i < n - 9; i++)
		if (s[i] < 'a' || s[i] > 'z')
			return -1;
	if (i != n - 9 || s[i] != '.')
		return -1;
	i++;
	hash = 0;
	for (; i < n; i++) {
		char c = s[i];

		if (c >= '0' && c <= '9')
			hash = hash * 16 + (uint64_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			hash = hash * 16 + (uint64_t)(c - 'a' + 10);
		else
			return -1;
	}
	if (hash != fnv1a32(s, n - 9))
		return -1;
	*key = (unsigned)k;
	return 0;
}
