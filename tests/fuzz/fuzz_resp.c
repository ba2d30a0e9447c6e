// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the Redis reply parser of the host's probe
 * (tools/redis-probe/resp.c) reads whatever comes over the network from a
 * guest being moved to another kernel. Any bytes, in any chunks: no crash,
 * every reply within the bounds, and (RESP having one way to write each
 * reply that the parser takes) every reply written back as RESP gives the
 * very bytes it was parsed from. Fed whole or in chunks, the same replies
 * and the same error at the same byte.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "resp.h"

struct out {
	char *b;
	size_t n, cap;
};

static void put(struct out *o, const void *p, size_t n)
{
	if (n > o->cap - o->n)
		abort();	/* longer than its input: not its bytes */
	memcpy(o->b + o->n, p, n);
	o->n += n;
}

static void putf(struct out *o, char type, long long x)
{
	char s[32];
	int n = snprintf(s, sizeof(s), "%c%lld\r\n", type, x);

	put(o, s, (size_t)n);
}

static void check_str(const struct resp_parser *p, const struct resp_value *v)
{
	if (v->str < p->data || v->len >= RESP_MAX_DATA ||
	    v->str + v->len >= p->data + RESP_MAX_DATA || v->str[v->len])
		abort();
}

/* V written back as RESP, its bounds checked on the way. */
static void encode(const struct resp_parser *p, const struct resp_value *v,
		   struct out *o, int depth)
{
	if (v < p->values || v >= p->values + RESP_MAX_VALUES ||
	    depth > RESP_MAX_DEPTH)
		abort();
	switch (v->type) {
	case RESP_SIMPLE:
	case RESP_ERROR:
		check_str(p, v);
		if (memchr(v->str, '\r', v->len) || memchr(v->str, '\n', v->len))
			abort();
		put(o, v->type == RESP_SIMPLE ? "+" : "-", 1);
		put(o, v->str, v->len);
		put(o, "\r\n", 2);
		break;
	case RESP_INTEGER:
		putf(o, ':', v->integer);
		break;
	case RESP_BULK:
		check_str(p, v);
		putf(o, '$', (long long)v->len);
		put(o, v->str, v->len);
		put(o, "\r\n", 2);
		break;
	case RESP_NULL_BULK:
		put(o, "$-1\r\n", 5);
		break;
	case RESP_ARRAY:
		if (v->n > RESP_MAX_VALUES)
			abort();
		putf(o, '*', (long long)v->n);
		for (size_t i = 0; i < v->n; i++)
			encode(p, &v->elem[i], o, depth + 1);
		break;
	case RESP_NULL_ARRAY:
		put(o, "*-1\r\n", 5);
		break;
	default:
		abort();
	}
}

static struct resp_parser parser;

/*
 * Parse DATA[0..SIZE) in chunks of CHUNK (SIZE: whole), checking each
 * reply against its bytes. Returns the bytes taken up to the end or the
 * error, the number of replies in *REPLIES, and 1 if it ended in an error.
 */
static size_t run(const uint8_t *data, size_t size, size_t chunk,
		  size_t *replies, int *bad, struct out *o)
{
	size_t off = 0, start = 0;

	*replies = 0;
	*bad = 0;
	resp_parser_init(&parser);
	while (off < size) {
		size_t n = size - off < chunk ? size - off : chunk, used;
		enum resp_status st = resp_parse(&parser, (const char *)data + off,
						 n, &used);

		if (used > n || (st == RESP_MORE && used != n))
			abort();
		off += used;
		if (st == RESP_BAD) {
			if (resp_reply(&parser) || !resp_error(&parser)[0])
				abort();
			*bad = 1;
			return off;
		}
		if (st == RESP_DONE) {
			o->n = 0;
			encode(&parser, resp_reply(&parser), o, 0);
			if (o->n != off - start || memcmp(o->b, data + start, o->n))
				abort();
			start = off;
			(*replies)++;
		}
	}
	return off;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct out o;
	size_t chunk, r1, r2, t1, t2;
	int bad1, bad2;

	if (!size)
		return 0;
	chunk = data[0] % 17 + 1;	/* the first byte picks the chunk size */
	data++;
	size--;
	o.cap = size + 64;
	o.b = malloc(o.cap);
	if (!o.b)
		abort();
	t1 = run(data, size, size ? size : 1, &r1, &bad1, &o);
	t2 = run(data, size, chunk, &r2, &bad2, &o);
	if (t1 != t2 || r1 != r2 || bad1 != bad2)
		abort();
	free(o.b);
	return 0;
}
