/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The channel's ring: one producer in one kernel, one consumer in the
 * other, records in shared memory (see struct twin_ring_ctl and struct
 * twin_rec_hdr in uapi/linux/twin.h). Plain C with no kernel dependencies
 * beyond a few macros, so the kernels, the host unit tests and the fuzzer
 * run the same code.
 *
 * Each side keeps its own index privately (the producer its head, the
 * consumer its tail) and only publishes it; the other side's index is
 * read from shared memory and checked on every use. A ring that was found
 * corrupt stays broken (every call fails with -EPROTO) until it is set up
 * again, so a bad peer costs an error count, never an out-of-bounds access
 * or an endless loop.
 */
#ifndef _TWIN_RING_H
#define _TWIN_RING_H

#ifdef __KERNEL__
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/stddef.h>
#include <linux/types.h>
#include <asm/barrier.h>
#include <uapi/linux/twin_abi.h>
/* The ring's barriers; each use in twin_ring.c says what it orders. */
#define twin_ring_load_acquire(p)	smp_load_acquire(p)	/* see use */
#define twin_ring_store_release(p, v)	smp_store_release(p, v)	/* see use */
#define twin_ring_read_once(p)		READ_ONCE(*(p))
#define twin_ring_write_once(p, v)	WRITE_ONCE(*(p), v)
#define twin_ring_full_barrier()	smp_mb()	/* see use */
#else
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/twin_abi.h>
typedef uint32_t u32;
typedef uint16_t u16;
typedef uint8_t u8;
#define twin_ring_load_acquire(p)	__atomic_load_n(p, __ATOMIC_ACQUIRE)
#define twin_ring_store_release(p, v)	__atomic_store_n(p, v, __ATOMIC_RELEASE)
#define twin_ring_read_once(p)		__atomic_load_n(p, __ATOMIC_RELAXED)
#define twin_ring_write_once(p, v)	__atomic_store_n(p, v, __ATOMIC_RELAXED)
#define twin_ring_full_barrier()	__atomic_thread_fence(__ATOMIC_SEQ_CST)
#endif

#define TWIN_REC_ALIGN		8
#define TWIN_REC_HDR_SIZE	8
#define TWIN_RING_MIN_SIZE	64
#define TWIN_RING_MAX_SIZE	(1u << 30)

/* One side's view of a ring. */
struct twin_ring {
	struct twin_ring_ctl *ctl;	/* shared */
	u8 *data;			/* shared, size bytes */
	u32 size;			/* a power of two */
	u32 max_record;			/* largest payload */
	u32 pos;			/* our own index: head or tail */
	bool producer;
	bool broken;
	const char *why;		/* what broke it, for the log */
	u32 errors;			/* corruptions found */
	/*
	 * Consumer: the header of the next record, read from the ring once
	 * and checked; peek, read and skip all use this copy, never the
	 * shared bytes again, until the record is consumed.
	 */
	bool have_rec;
	u16 rec_type;
	u32 rec_len;
};

/*
 * Copies one contiguous piece of a record's payload: at payload offset
 * @off, @len bytes, between the ring (@ring) and the caller's buffer.
 * Returns 0 or a negative errno (the record is then neither published
 * nor consumed).
 */
typedef int (*twin_ring_copy_fn)(void *ring, u32 off, u32 len, void *ctx);

/* Bytes a record with @len payload bytes takes in the ring. */
static inline u32 twin_rec_space(u32 len)
{
	return TWIN_REC_HDR_SIZE + ((len + TWIN_REC_ALIGN - 1) &
				    ~(u32)(TWIN_REC_ALIGN - 1));
}

/* The check word of a record header: a peer's garbage rarely matches. */
static inline u16 twin_rec_check(u32 len, u16 type)
{
	return (u16)~((len & 0xffff) ^ (len >> 16) ^ type ^ 0x5457);
}

/*
 * Set up one side of a ring. The producer side (@producer) zeroes the
 * shared indices: call it only while the consumer is not running (A does,
 * before B starts). Returns -EINVAL for a size that is not a power of two
 * in range or a max_record that cannot fit.
 */
int twin_ring_init(struct twin_ring *r, struct twin_ring_ctl *ctl, void *data,
		   u32 size, u32 max_record, bool producer);

/* Producer: publish a record of @len bytes whose payload @copy fills. */
int twin_ring_write(struct twin_ring *r, u16 type, u32 len,
		    twin_ring_copy_fn copy, void *ctx);
/* Producer: bytes free now, or -EPROTO for a broken ring. */
int twin_ring_free(struct twin_ring *r);
/* Producer: can a record of @len bytes be written now? */
bool twin_ring_fits(struct twin_ring *r, u32 len);
/*
 * Producer, from anywhere (no lock, changes nothing): would a record of
 * @len bytes fit now? For poll(); false when the ring looks corrupt.
 */
bool twin_ring_may_fit(const struct twin_ring *r, u32 len);
/*
 * Producer: say "ring me when there is space" (true) or clear it. Ends
 * with a full barrier: the flag is visible before the caller looks at the
 * consumer's index again (pairs with the one in twin_ring_producer_waits).
 */
void twin_ring_set_wait(struct twin_ring *r, bool wait);
/*
 * Producer, after publishing: does the consumer need a doorbell? True
 * when it had consumed everything before this record (it may be asleep).
 * @old_head is r->pos before the write. Starts with a full barrier: the
 * new head is visible before the consumer's index is read, which pairs
 * with the barrier after every consumer index update (twin_ring_read and
 * twin_ring_skip), so that either the producer sees the consumer caught
 * up and rings, or the consumer sees the new record. Callers need no
 * barrier of their own.
 */
bool twin_ring_need_kick(struct twin_ring *r, u32 old_head);

/*
 * Consumer: the next record's type and length, without consuming it.
 * Returns 1 when there is one, 0 when the ring is empty, -EPROTO when
 * the ring is corrupt (r->why says how; r->errors counts it). The header
 * is read from shared memory once per record: later peeks, and the read
 * or skip that consumes the record, use the same checked copy, so they
 * agree whatever the peer writes meanwhile.
 */
int twin_ring_peek(struct twin_ring *r, u16 *type, u32 *len);
/*
 * Consumer: copy the first @len bytes (at most) of the next record's
 * payload out with @copy and consume the whole record. Returns the number
 * of bytes copied: the record's length as peek reported it, or @len when
 * that is smaller; 0 when the ring is empty (or the record is empty: peek
 * first to tell them apart); a negative errno (-EPROTO corrupt, or
 * @copy's error: the record stays).
 */
int twin_ring_read(struct twin_ring *r, u32 len, twin_ring_copy_fn copy,
		   void *ctx);
/* Consumer: drop the next record. Returns as twin_ring_read(). */
int twin_ring_skip(struct twin_ring *r);
/* Consumer, after consuming: does the producer wait for space? */
bool twin_ring_producer_waits(struct twin_ring *r);
/* Consumer: is there anything to read (or a corruption to report)? */
bool twin_ring_pending(struct twin_ring *r);

#endif
