// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the channel ring's reader (kernel/twin/twin_ring.c):
 * the input is what a buggy or hostile peer left in shared memory (the
 * ring's indices and data) plus a script of the peer's further index
 * writes. The reader must never read or write outside the ring, never
 * loop without bound, and keep its invariants: a record it returns fits
 * the limits it was given, read returns what peek announced even when the
 * peer rewrites the header in between, no byte beyond what read returned
 * is written, and a broken ring stays broken.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "twin_ring.h"

#define SIZE	512
#define MAX_REC	128

struct sink {
	uint8_t buf[MAX_REC];
};

static int take(void *ring, u32 off, u32 len, void *ctx)
{
	struct sink *s = ctx;

	if (off + len > sizeof(s->buf))
		abort();		/* the ring handed out too much */
	memcpy(s->buf + off, ring, len);
	return 0;
}

static int give(void *ring, u32 off, u32 len, void *ctx)
{
	memcpy(ring, (const uint8_t *)ctx + off, len);
	return 0;
}

static u32 get32(const uint8_t **p, size_t *n)
{
	u32 v = 0;

	if (*n >= 4) {
		memcpy(&v, *p, 4);
		*p += 4;
		*n -= 4;
	}
	return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t n)
{
	/* Exact-size heap blocks: ASan catches any byte outside them. */
	struct twin_ring_ctl *ctl = calloc(1, sizeof(*ctl));
	uint8_t *data = calloc(1, SIZE);
	struct twin_ring cons, prod;
	struct sink sink;
	unsigned int step;
	u32 len, start, mode;
	bool peeked;
	u16 type;
	int ret;

	if (!ctl || !data)
		abort();
	/*
	 * First word: where the producer's index starts, and whether the ring
	 * holds real records first (a good peer that later goes bad) or only
	 * the input's bytes.
	 */
	mode = get32(&in, &n);
	ctl->head = mode & ~7u;
	if (twin_ring_init(&cons, ctl, data, SIZE, MAX_REC, false))
		abort();
	start = cons.pos;
	if (mode & 1) {
		struct twin_ring good = { 0 };
		uint8_t payload[MAX_REC];

		memset(payload, 0x42, sizeof(payload));
		good.ctl = ctl;
		good.data = data;
		good.size = SIZE;
		good.max_record = MAX_REC;
		good.producer = true;
		good.pos = start;
		ctl->tail = start;
		for (u32 i = 0; i < 40; i++)
			if (twin_ring_write(&good, TWIN_REC_MSG, (i * 37) % MAX_REC,
					    give, payload))
				break;
		/* The input then flips bits of what the good peer wrote. */
		for (size_t i = 0; i < SIZE && n; i++, in++, n--)
			data[i] ^= *in;
	} else {
		size_t take_n = n < SIZE ? n : SIZE;

		memcpy(data, in, take_n);
		in += take_n;
		n -= take_n;
	}

	/* Each step: the peer moves its head (or its tail), then we read. */
	for (step = 0; step < 64; step++) {
		u32 op = get32(&in, &n);

		if (op & 2)	/* near the consumer, aligned or not */
			ctl->head = start + (op >> 2) % (2 * SIZE);
		else if (!(mode & 1))
			ctl->head = start + (op >> 2);
		if (op & 1)
			ctl->tail = op;	/* a peer scribbling on our index */
		ret = twin_ring_peek(&cons, &type, &len);
		if (ret == 1 && len > MAX_REC)
			abort();
		peeked = ret == 1;
		/*
		 * The peer rewrites bytes under the record it just showed us,
		 * its header included: the read must keep to what peek said.
		 */
		if (op & 4)
			data[cons.pos % SIZE] ^= (uint8_t)(op >> 8);
		if (op & 8)
			data[(cons.pos + 4) % SIZE] ^= (uint8_t)(op >> 16);
		memset(sink.buf, 0xa5, sizeof(sink.buf));
		ret = twin_ring_read(&cons, sizeof(sink.buf), take, &sink);
		if (ret > MAX_REC || (ret < 0 && ret != -EPROTO))
			abort();
		if (peeked && ret != (int)len)
			abort();	/* read and peek disagree on the record */
		for (u32 i = ret > 0 ? (u32)ret : 0; i < sizeof(sink.buf); i++)
			if (sink.buf[i] != 0xa5)
				abort();	/* bytes beyond what it returned */
		if (cons.broken && twin_ring_read(&cons, sizeof(sink.buf), take,
						  &sink) != -EPROTO)
			abort();
		if (!n)
			break;
	}

	/* The producer side against a scribbled tail. */
	if (twin_ring_init(&prod, ctl, data, SIZE, MAX_REC, true))
		abort();
	ctl->tail = get32(&in, &n);
	ret = twin_ring_free(&prod);
	if (ret > SIZE)
		abort();
	free(data);
	free(ctl);
	return 0;
}
