// SPDX-License-Identifier: GPL-2.0
/*
 * The channel's ring, shared by both kernels and the host tests: see
 * twin_ring.h. Every value the peer wrote is read once into a local,
 * checked, and only then used.
 */
#include "twin_ring.h"

static bool twin_ring_size_ok(u32 size)
{
	return size >= TWIN_RING_MIN_SIZE && size <= TWIN_RING_MAX_SIZE &&
	       !(size & (size - 1));
}

int twin_ring_init(struct twin_ring *r, struct twin_ring_ctl *ctl, void *data,
		   u32 size, u32 max_record, bool producer)
{
	if (!ctl || !data || !twin_ring_size_ok(size) || !max_record ||
	    max_record > size / 2 || twin_rec_space(max_record) > size / 2)
		return -EINVAL;
	r->ctl = ctl;
	r->data = data;
	r->size = size;
	r->max_record = max_record;
	r->producer = producer;
	r->broken = false;
	r->why = NULL;
	r->errors = 0;
	r->pos = 0;
	r->have_rec = false;
	if (producer) {
		twin_ring_write_once(&ctl->head, 0);
		twin_ring_write_once(&ctl->prod_wait, 0);
		twin_ring_write_once(&ctl->tail, 0);
	} else {
		/* Start where the producer is: what came before is not ours. */
		r->pos = twin_ring_load_acquire(&ctl->head);
		if (r->pos % TWIN_REC_ALIGN) {
			r->broken = true;
			r->why = "producer index not aligned";
			r->errors++;
		}
		twin_ring_write_once(&ctl->tail, r->pos);
	}
	return 0;
}

static int twin_ring_break(struct twin_ring *r, const char *why)
{
	if (!r->broken) {
		r->broken = true;
		r->why = why;
		r->errors++;
	}
	return -EPROTO;
}

/* Bytes in use, from the producer's side: its head, the peer's tail. */
static int twin_ring_used_by_peer(struct twin_ring *r, u32 *used)
{
	u32 tail = twin_ring_load_acquire(&r->ctl->tail);
	u32 n = r->pos - tail;

	if (n > r->size)
		return twin_ring_break(r, "consumer index out of range");
	if (tail % TWIN_REC_ALIGN)
		return twin_ring_break(r, "consumer index not aligned");
	*used = n;
	return 0;
}

int twin_ring_free(struct twin_ring *r)
{
	u32 used;
	int ret;

	if (r->broken)
		return -EPROTO;
	ret = twin_ring_used_by_peer(r, &used);
	if (ret)
		return ret;
	return (int)(r->size - used);
}

bool twin_ring_fits(struct twin_ring *r, u32 len)
{
	int free = twin_ring_free(r);

	return free >= 0 && len <= r->max_record &&
	       (u32)free >= twin_rec_space(len);
}

bool twin_ring_may_fit(const struct twin_ring *r, u32 len)
{
	u32 pos = twin_ring_read_once(&r->pos);
	u32 tail = twin_ring_load_acquire(&r->ctl->tail);
	u32 used = pos - tail;

	return !r->broken && used <= r->size && len <= r->max_record &&
	       r->size - used >= twin_rec_space(len);
}

/* Walk [pos, pos + len) of the data area in at most two pieces. */
static int twin_ring_pieces(struct twin_ring *r, u32 pos, u32 len,
			    twin_ring_copy_fn copy, void *ctx)
{
	u32 at = pos & (r->size - 1);
	u32 first = len < r->size - at ? len : r->size - at;
	int ret;

	if (first) {
		ret = copy(r->data + at, 0, first, ctx);
		if (ret)
			return ret;
	}
	if (len > first)
		return copy(r->data, first, len - first, ctx);
	return 0;
}

static int twin_ring_put_hdr(void *ring, u32 off, u32 len, void *ctx)
{
	const u8 *src = (const u8 *)ctx + off;
	u8 *dst = ring;
	u32 i;

	for (i = 0; i < len; i++)
		dst[i] = src[i];
	return 0;
}

static int twin_ring_get_hdr(void *ring, u32 off, u32 len, void *ctx)
{
	const u8 *src = ring;
	u8 *dst = (u8 *)ctx + off;
	u32 i;

	/* Each byte read once: the checks then use our copy, not the peer's. */
	for (i = 0; i < len; i++)
		dst[i] = twin_ring_read_once(&src[i]);
	return 0;
}

int twin_ring_write(struct twin_ring *r, u16 type, u32 len,
		    twin_ring_copy_fn copy, void *ctx)
{
	struct twin_rec_hdr hdr;
	u32 used;
	int ret;

	if (r->broken)
		return -EPROTO;
	if (len > r->max_record)
		return -EMSGSIZE;
	ret = twin_ring_used_by_peer(r, &used);
	if (ret)
		return ret;
	if (r->size - used < twin_rec_space(len))
		return -ENOSPC;
	if (len) {
		ret = twin_ring_pieces(r, r->pos + TWIN_REC_HDR_SIZE, len, copy,
				       ctx);
		if (ret)
			return ret;
	}
	hdr.len = len;
	hdr.type = type;
	hdr.check = twin_rec_check(len, type);
	twin_ring_pieces(r, r->pos, sizeof(hdr), twin_ring_put_hdr, &hdr);
	r->pos += twin_rec_space(len);
	/* The record is complete before the consumer can see the new head. */
	twin_ring_store_release(&r->ctl->head, r->pos);
	return 0;
}

void twin_ring_set_wait(struct twin_ring *r, bool wait)
{
	twin_ring_write_once(&r->ctl->prod_wait, wait ? 1 : 0);
	/* Our flag is visible before we look at the tail again. */
	twin_ring_full_barrier();
}

bool twin_ring_need_kick(struct twin_ring *r, u32 old_head)
{
	/* Our head is visible before we read the consumer's tail. */
	twin_ring_full_barrier();
	return twin_ring_read_once(&r->ctl->tail) == old_head;
}

int twin_ring_peek(struct twin_ring *r, u16 *type, u32 *len)
{
	struct twin_rec_hdr hdr;
	u32 head, avail;

	if (r->broken)
		return -EPROTO;
	if (r->have_rec)
		goto out;
	head = twin_ring_load_acquire(&r->ctl->head);
	avail = head - r->pos;
	if (!avail)
		return 0;
	if (avail > r->size)
		return twin_ring_break(r, "producer index out of range");
	if (avail % TWIN_REC_ALIGN)
		return twin_ring_break(r, "producer index not aligned");
	twin_ring_pieces(r, r->pos, sizeof(hdr), twin_ring_get_hdr, &hdr);
	if (hdr.check != twin_rec_check(hdr.len, hdr.type))
		return twin_ring_break(r, "record header check failed");
	if (hdr.len > r->max_record)
		return twin_ring_break(r, "record longer than the ring allows");
	if (twin_rec_space(hdr.len) > avail)
		return twin_ring_break(r, "record beyond the producer index");
	r->rec_type = hdr.type;
	r->rec_len = hdr.len;
	r->have_rec = true;
out:
	*type = r->rec_type;
	*len = r->rec_len;
	return 1;
}

static void twin_ring_consume(struct twin_ring *r)
{
	r->pos += twin_rec_space(r->rec_len);
	r->have_rec = false;
	/* Done reading the record before the producer may reuse its bytes. */
	twin_ring_store_release(&r->ctl->tail, r->pos);
	/*
	 * The new tail is visible before we (or our caller) look at the head
	 * or the wait flag again: pairs with the barrier in
	 * twin_ring_need_kick(), so a record published meanwhile is either
	 * seen here or rung for.
	 */
	twin_ring_full_barrier();
}

int twin_ring_read(struct twin_ring *r, u32 len, twin_ring_copy_fn copy,
		   void *ctx)
{
	u32 rec_len;
	u16 type;
	int ret;

	ret = twin_ring_peek(r, &type, &rec_len);
	if (ret <= 0)
		return ret;
	if (len > rec_len)
		len = rec_len;
	if (len) {
		ret = twin_ring_pieces(r, r->pos + TWIN_REC_HDR_SIZE, len, copy,
				       ctx);
		if (ret)
			return ret;
	}
	twin_ring_consume(r);
	return (int)len;
}

int twin_ring_skip(struct twin_ring *r)
{
	u32 rec_len;
	u16 type;
	int ret;

	ret = twin_ring_peek(r, &type, &rec_len);
	if (ret <= 0)
		return ret;
	twin_ring_consume(r);
	return (int)rec_len;
}

bool twin_ring_producer_waits(struct twin_ring *r)
{
	/*
	 * Our tail is visible before we read the producer's flag (consume
	 * already did this; kept so the function stands on its own).
	 */
	twin_ring_full_barrier();
	return twin_ring_read_once(&r->ctl->prod_wait) != 0;
}

bool twin_ring_pending(struct twin_ring *r)
{
	if (r->broken)
		return true;
	return twin_ring_load_acquire(&r->ctl->head) != r->pos;
}
