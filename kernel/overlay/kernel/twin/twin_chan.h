/* SPDX-License-Identifier: GPL-2.0 */
/* The channel between the kernels, shared by chan.c and net.c. */
#ifndef _KERNEL_TWIN_CHAN_H
#define _KERNEL_TWIN_CHAN_H

#include <linux/atomic.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include "twin_ring.h"

/* twin0: the largest frame, Ethernet header included. */
#define TWIN_NET_MAX_FRAME	65536

/* Updated from the doorbell interrupt and from process context. */
struct twin_chan_stats {
	atomic64_t tx_msgs, tx_bytes, rx_msgs, rx_bytes;
	atomic64_t drops;	/* records we could not deliver or send */
	atomic64_t doorbells_in, doorbells_out;
	u64 errors_before;	/* ring corruptions before the last reset */
};

struct twin_chan {
	struct twin_chan_hdr *hdr;	/* shared; NULL until set up */
	void *base;
	u32 size;
	u32 generation;
	u32 peer_apic_id;
	bool up;			/* the peer is attached and alive */
	struct twin_ring ctl_tx, ctl_rx, msg_tx, msg_rx, net_tx, net_rx;
	spinlock_t ctl_tx_lock, ctl_rx_lock;
	struct mutex msg_tx_lock, msg_rx_lock;
	spinlock_t tx_wait_lock;	/* msg_tx's wait flag, against setup */
	wait_queue_head_t msg_wq;	/* readers and writers of /dev/twin */
	wait_queue_head_t pong_wq;
	u64 pong_cookie, pong_ns;
	struct work_struct ctl_work;	/* ping/pong left over by the IRQ */
	struct twin_chan_stats st;
};

extern struct twin_chan twin_chan;
/* The version A writes into the header: TWIN_CHAN_VERSION but in tests. */
extern u16 twin_chan_version_written;

/* Ring the peer's doorbell. */
void twin_chan_kick(struct twin_chan *c);
/* Log a ring's corruption once; returns the errno to report. */
int twin_chan_ring_error(struct twin_chan *c, struct twin_ring *r,
			 const char *name);

#ifdef CONFIG_TWIN_KERNEL_DEBUG
void __init twin_chan_debugfs_init(void);
#else
static inline void twin_chan_debugfs_init(void) { }
#endif

/*
 * A user of the channel's frame rings (twin0, net.c): the channel calls
 * it, never the other way round for anything but the rings themselves.
 * All callbacks are optional.
 */
struct twin_chan_client {
	/* The peer rang: a ring may have moved. Interrupt context. */
	void (*doorbell)(void);
	/* The peer came up or went down. */
	void (*carrier)(bool up);
	/* The channel is being reset: no ring access until resume. */
	void (*pause)(void);
	void (*resume)(void);
	/* Records the client dropped, for the channel's count. */
	u64 (*drops)(void);
};

/*
 * One client (the frame rings have one user). Returns -ENODEV when this
 * kernel has no channel, -EBUSY when a client is registered already.
 * The client learns the peer's current state through carrier() at once.
 * carrier() is called with a spinlock held, interrupts off.
 */
int twin_chan_register_client(const struct twin_chan_client *cl);

#endif
