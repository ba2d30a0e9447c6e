/* SPDX-License-Identifier: GPL-2.0 */
/* The channel between the kernels, shared by chan.c and net.c. */
#ifndef _KERNEL_TWIN_CHAN_H
#define _KERNEL_TWIN_CHAN_H

#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include "twin_ring.h"

/* twin0: the largest frame, Ethernet header included. */
#define TWIN_NET_MAX_FRAME	65536

struct twin_chan_stats {
	u64 tx_msgs, tx_bytes, rx_msgs, rx_bytes;
	u64 drops;		/* records we could not deliver or send */
	u64 errors_before;	/* ring corruptions before the last reset */
	u64 doorbells_in, doorbells_out;
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

#ifdef CONFIG_DEBUG_FS
void __init twin_chan_debugfs_init(void);
#else
static inline void twin_chan_debugfs_init(void) { }
#endif

/* net.c: the twin0 Ethernet device. */
int twin_net_init(void);
void twin_net_doorbell(void);
void twin_net_carrier(bool up);
void twin_net_pause(void);
void twin_net_resume(void);
u64 twin_net_drops(void);

#endif
