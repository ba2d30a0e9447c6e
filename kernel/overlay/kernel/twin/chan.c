// SPDX-License-Identifier: GPL-2.0
/*
 * Twin Kernel: the channel between kernel A and kernel B, in both kernels.
 *
 * A lays the region out in the control area at load and resets it before
 * every start of B (struct twin_chan_hdr, uapi/linux/twin.h); B checks
 * A's layout, attaches (b_attached = generation) and rings A's doorbell.
 * Three pairs of rings: ping/pong, answered by the kernels themselves in
 * the doorbell interrupt; /dev/twin messages; twin0 frames (net.c).
 *
 * The peer is "up" in A while B runs and has attached to the current
 * generation; A's watchdog (core.c) takes it down when B stops, crashes or
 * stops beating. Readers drain what the peer sent, then get ENOTCONN.
 */
#define pr_fmt(fmt) "twin: channel: " fmt

#include <linux/io.h>
#include <linux/kobject.h>
#include <linux/miscdevice.h>
#include <linux/poll.h>
#include <linux/sched.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/sysfs.h>
#include <linux/timekeeping.h>
#include <linux/twin.h>
#include <linux/uaccess.h>
#include <linux/unaligned.h>

#include "twin_chan.h"
#include "twin_internal.h"

struct twin_chan twin_chan = {
	.ctl_tx_lock	= __SPIN_LOCK_UNLOCKED(twin_chan.ctl_tx_lock),
	.ctl_rx_lock	= __SPIN_LOCK_UNLOCKED(twin_chan.ctl_rx_lock),
	.msg_tx_lock	= __MUTEX_INITIALIZER(twin_chan.msg_tx_lock),
	.msg_rx_lock	= __MUTEX_INITIALIZER(twin_chan.msg_rx_lock),
	.tx_wait_lock	= __SPIN_LOCK_UNLOCKED(twin_chan.tx_wait_lock),
	.msg_wq		= __WAIT_QUEUE_HEAD_INITIALIZER(twin_chan.msg_wq),
	.pong_wq	= __WAIT_QUEUE_HEAD_INITIALIZER(twin_chan.pong_wq),
};

u16 twin_chan_version_written = TWIN_CHAN_VERSION;	/* debugfs may change it */
static DEFINE_SPINLOCK(twin_chan_state_lock);
static DEFINE_MUTEX(twin_ping_lock);
static bool twin_chan_alive;		/* A: B runs; B: always */
static bool twin_chan_usable;		/* initialised, with a doorbell */
static const struct twin_chan_client *twin_client;

/* The client's callbacks, if it has them. */
static void twin_client_carrier(bool up)
{
	const struct twin_chan_client *cl = READ_ONCE(twin_client);

	if (cl && cl->carrier)
		cl->carrier(up);
}

static void twin_client_pause(void)
{
	const struct twin_chan_client *cl = READ_ONCE(twin_client);

	if (cl && cl->pause)
		cl->pause();
}

static void twin_client_resume(void)
{
	const struct twin_chan_client *cl = READ_ONCE(twin_client);

	if (cl && cl->resume)
		cl->resume();
}

static u64 twin_client_drops(void)
{
	const struct twin_chan_client *cl = READ_ONCE(twin_client);

	return cl && cl->drops ? cl->drops() : 0;
}
static u64 twin_ping_seq;

#define TWIN_CTL_MAX		256
#define TWIN_CTL_BUDGET		16	/* ping/pong records per interrupt */
#define TWIN_HDR_AREA		SZ_4K
#define TWIN_CTL_AREA		SZ_4K

/* A's choice of ring sizes; B reads them from the header. */
static const struct {
	u32 size, max_record;
} twin_ring_geometry[TWIN_RINGS] = {
	[TWIN_RING_CTL_A2B] = { SZ_16K, TWIN_CTL_MAX },
	[TWIN_RING_CTL_B2A] = { SZ_16K, TWIN_CTL_MAX },
	[TWIN_RING_MSG_A2B] = { SZ_256K, TWIN_MSG_MAX },
	[TWIN_RING_MSG_B2A] = { SZ_256K, TWIN_MSG_MAX },
	[TWIN_RING_NET_A2B] = { SZ_1M, TWIN_NET_MAX_FRAME },
	[TWIN_RING_NET_B2A] = { SZ_1M, TWIN_NET_MAX_FRAME },
};

static const char *const twin_ring_names[TWIN_RINGS] = {
	"ctl A->B", "ctl B->A", "msg A->B", "msg B->A", "net A->B", "net B->A",
};

static struct twin_ring *twin_chan_ring(struct twin_chan *c, unsigned int id)
{
	bool mine = twin_kernel == (id & 1);	/* even ids: A produces */

	switch (id >> 1) {
	case 0:
		return mine ? &c->ctl_tx : &c->ctl_rx;
	case 1:
		return mine ? &c->msg_tx : &c->msg_rx;
	default:
		return mine ? &c->net_tx : &c->net_rx;
	}
}

static int twin_chan_init_rings(struct twin_chan *c,
				const struct twin_chan_hdr *h)
{
	unsigned int i;
	int ret;

	for (i = 0; i < TWIN_RINGS; i++) {
		const struct twin_ring_desc *d = &h->ring[i];
		bool producer = twin_kernel == (i & 1);

		ret = twin_ring_init(twin_chan_ring(c, i),
				     c->base + d->ctl_off, c->base + d->data_off,
				     d->data_size, d->max_record, producer);
		if (ret) {
			pr_err("ring %s: bad geometry %#x bytes, records up to %u\n",
			       twin_ring_names[i], d->data_size, d->max_record);
			return ret;
		}
	}
	return 0;
}

int twin_chan_ring_error(struct twin_chan *c, struct twin_ring *r,
			 const char *name)
{
	pr_err_ratelimited("ring %s is corrupt (%s): the peer wrote nonsense, ring disabled until the channel is reset\n",
			   name, r->why ?: "?");
	return -EIO;
}

void twin_chan_kick(struct twin_chan *c)
{
	if (!READ_ONCE(c->up))
		return;		/* nobody there; in A the CPU may be A's again */
	atomic64_inc(&c->st.doorbells_out);
	twin_arch_doorbell_send(c->peer_apic_id);
}

/* Corruptions found in the rings since they were last set up. */
static u64 twin_chan_errors(struct twin_chan *c)
{
	return (u64)READ_ONCE(c->ctl_tx.errors) + READ_ONCE(c->ctl_rx.errors) +
	       READ_ONCE(c->msg_tx.errors) + READ_ONCE(c->msg_rx.errors) +
	       READ_ONCE(c->net_tx.errors) + READ_ONCE(c->net_rx.errors);
}

/* Up = attached and alive; on a change tell twin0 and wake everybody. */
static void twin_chan_update(struct twin_chan *c)
{
	unsigned long flags;
	bool up, changed;

	spin_lock_irqsave(&twin_chan_state_lock, flags);
	up = c->hdr && twin_chan_alive &&
	     (twin_kernel || READ_ONCE(c->hdr->b_attached) == c->generation);
	changed = up != c->up;
	WRITE_ONCE(c->up, up);
	/* Under the lock: the client sees the changes in their order. */
	if (changed)
		twin_client_carrier(up);
	spin_unlock_irqrestore(&twin_chan_state_lock, flags);
	if (!changed)
		return;
	pr_info("peer %s\n", up ? "up" : "down");
	if (!up)
		twin_req_peer_down();
	wake_up_interruptible_all(&c->msg_wq);
	wake_up_all(&c->pong_wq);
}

/* A: B runs (true) or has ended (false). */
void twin_chan_set_alive(bool alive)
{
	WRITE_ONCE(twin_chan_alive, alive);
	twin_chan_update(&twin_chan);
}

/*
 * A: lay out (or reset) the region before B starts. Every user of the
 * rings is held off meanwhile; B is not running.
 */
int twin_chan_setup(phys_addr_t pa, u32 size, u32 peer_apic_id)
{
	struct twin_chan *c = &twin_chan;
	struct twin_chan_hdr *h;
	unsigned long flags;
	u32 off = TWIN_HDR_AREA + TWIN_CTL_AREA;
	unsigned int i;
	int ret;

	if (!twin_chan_usable)
		return 0;	/* B finds no header and runs without a channel */
	twin_chan_set_alive(false);
	twin_client_pause();
	mutex_lock(&c->msg_tx_lock);
	mutex_lock(&c->msg_rx_lock);
	spin_lock_irqsave(&c->ctl_rx_lock, flags);	/* rx, then tx */
	spin_lock(&c->ctl_tx_lock);
	spin_lock(&c->tx_wait_lock);

	c->base = phys_to_virt(pa);
	c->size = size;
	h = c->base;
	WRITE_ONCE(c->st.errors_before,
		   c->st.errors_before + twin_chan_errors(c));
	memset(c->base, 0, TWIN_HDR_AREA + TWIN_CTL_AREA);
	h->size = sizeof(*h);
	h->region_size = size;
	h->generation = ++c->generation;
	h->a_apic_id = twin_arch_boot_apic_id();
	h->b_apic_id = peer_apic_id;
	h->vector = twin_arch_doorbell_vector();
	h->nrings = TWIN_RINGS;
	for (i = 0; i < TWIN_RINGS; i++) {
		h->ring[i].ctl_off = TWIN_HDR_AREA +
				     i * sizeof(struct twin_ring_ctl);
		h->ring[i].data_off = off;
		h->ring[i].data_size = twin_ring_geometry[i].size;
		h->ring[i].max_record = twin_ring_geometry[i].max_record;
		off += twin_ring_geometry[i].size;
	}
	ret = off > size ? -ENOSPC : twin_chan_init_rings(c, h);
	if (!ret) {
		c->peer_apic_id = peer_apic_id;
		h->version = READ_ONCE(twin_chan_version_written);
		smp_wmb();	/* the layout before the magic that validates it */
		h->magic = TWIN_CHAN_MAGIC;
		c->hdr = h;
	} else {
		pr_err("region of %u bytes too small for the rings\n", size);
		c->hdr = NULL;
	}

	spin_unlock(&c->tx_wait_lock);
	spin_unlock(&c->ctl_tx_lock);
	spin_unlock_irqrestore(&c->ctl_rx_lock, flags);
	mutex_unlock(&c->msg_rx_lock);
	mutex_unlock(&c->msg_tx_lock);
	twin_client_resume();
	return ret;
}

/* A: the twin is unloaded; the region is no longer ours to use. */
void twin_chan_teardown(void)
{
	struct twin_chan *c = &twin_chan;

	twin_chan_set_alive(false);
	twin_client_pause();
	mutex_lock(&c->msg_tx_lock);
	mutex_lock(&c->msg_rx_lock);
	spin_lock_irq(&c->ctl_rx_lock);
	spin_lock(&c->ctl_tx_lock);
	spin_lock(&c->tx_wait_lock);
	c->hdr = NULL;
	spin_unlock(&c->tx_wait_lock);
	spin_unlock(&c->ctl_tx_lock);
	spin_unlock_irq(&c->ctl_rx_lock);
	mutex_unlock(&c->msg_rx_lock);
	mutex_unlock(&c->msg_tx_lock);
	twin_client_resume();
}

/* B: check A's layout, every offset and size of it, and attach. */
static int __init twin_chan_attach(void)
{
	struct twin_chan *c = &twin_chan;
	struct twin_chan_hdr h;
	struct twin_shared *sh;
	phys_addr_t pa;
	u64 off, size;
	unsigned int i;
	void *base;
	int ret;

	sh = twin_b_shared(&pa);
	if (!sh)
		return -ENODEV;
	off = READ_ONCE(sh->chan_offset);
	size = READ_ONCE(sh->chan_size);
	if (!size) {
		pr_info("kernel A offers no channel\n");
		return -ENODEV;
	}
	if (off < PAGE_SIZE || !PAGE_ALIGNED(off) || off > SZ_16M ||
	    size < sizeof(h) || size > SZ_64M) {
		pr_err("bad region %#llx+%#llx from kernel A\n", off, size);
		return -EINVAL;
	}
	base = memremap(pa + off, size, MEMREMAP_WB);
	if (!base)
		return -ENOMEM;
	memcpy(&h, base, sizeof(h));
	ret = -EINVAL;
	if (h.magic != TWIN_CHAN_MAGIC) {
		pr_err("no channel header (magic %#x)\n", h.magic);
		goto bad;
	}
	/*
	 * A and B are different builds: versions only append
	 * (uapi/linux/twin_abi.h), so every version from 1 on carries the
	 * fields this B uses; a newer A's extra fields are ignored.
	 */
	if (!h.version || h.size < TWIN_CHAN_V1_SIZE) {
		pr_err("channel version %u, header of %u bytes, from kernel A: this kernel needs version 1 or later: no channel\n",
		       h.version, h.size);
		goto bad;
	}
	if (h.size < sizeof(h))
		memset((u8 *)&h + h.size, 0, sizeof(h) - h.size);
	if (h.version != TWIN_CHAN_VERSION)
		pr_info("channel version %u from kernel A, this kernel's is %u: using the fields both know\n",
			h.version, TWIN_CHAN_VERSION);
	if (h.region_size != size ||
	    h.nrings != TWIN_RINGS || h.vector != twin_arch_doorbell_vector()) {
		pr_err("channel header: size %u region %u rings %u vector %#x do not fit this kernel\n",
		       h.size, h.region_size, h.nrings, h.vector);
		goto bad;
	}
	for (i = 0; i < TWIN_RINGS; i++) {
		const struct twin_ring_desc *d = &h.ring[i];

		if (d->ctl_off < sizeof(h) || d->ctl_off % 64 ||
		    (u64)d->ctl_off + sizeof(struct twin_ring_ctl) > size ||
		    d->data_off < sizeof(h) ||
		    (u64)d->data_off + d->data_size > size) {
			pr_err("ring %s outside the region\n", twin_ring_names[i]);
			goto bad;
		}
	}
	c->base = base;
	c->size = size;
	c->generation = h.generation;
	c->peer_apic_id = h.a_apic_id;
	ret = twin_chan_init_rings(c, &h);
	if (ret)
		goto bad;
	c->hdr = base;
	smp_wmb();	/* our rings are set before A may use them */
	WRITE_ONCE(c->hdr->b_attached, h.generation);
	twin_chan_set_alive(true);
	twin_chan_kick(c);
	pr_info("attached: generation %u, kernel A at APIC ID %u\n",
		h.generation, h.a_apic_id);
	return 0;
bad:
	memunmap(base);
	c->base = NULL;
	return ret;
}

static int twin_copy_kbuf_in(void *ring, u32 off, u32 len, void *ctx)
{
	memcpy(ring, (u8 *)ctx + off, len);
	return 0;
}

static int twin_copy_kbuf_out(void *ring, u32 off, u32 len, void *ctx)
{
	memcpy((u8 *)ctx + off, ring, len);
	return 0;
}

/* Ping and pong, in the doorbell interrupt or in ctl_work. */
static bool twin_chan_ctl_poll(struct twin_chan *c, unsigned int budget)
{
	u8 buf[TWIN_CTL_MAX];
	unsigned long flags;
	bool more, freed = false;
	u32 len;
	u16 type;
	int ret;

	spin_lock_irqsave(&c->ctl_rx_lock, flags);
	while (budget-- && c->hdr) {
		ret = twin_ring_peek(&c->ctl_rx, &type, &len);
		if (ret < 0)
			twin_chan_ring_error(c, &c->ctl_rx, "ctl");
		if (ret <= 0)
			break;
		/* Only the bytes copied are echoed: len is what read returns. */
		ret = twin_ring_read(&c->ctl_rx, sizeof(buf), twin_copy_kbuf_out,
				     buf);
		if (ret < 0)
			break;
		len = ret;
		freed = true;
		if (type == TWIN_REC_PING) {
			spin_lock(&c->ctl_tx_lock);
			if (c->up && !twin_ring_write(&c->ctl_tx, TWIN_REC_PONG,
						      len, twin_copy_kbuf_in, buf))
				twin_chan_kick(c);
			else
				atomic64_inc(&c->st.drops);
			spin_unlock(&c->ctl_tx_lock);
		} else if (type == TWIN_REC_REQ || type == TWIN_REC_RESP) {
			twin_req_rx(type, buf, len);
		} else if (type == TWIN_REC_PONG && len >= sizeof(u64)) {
			c->pong_ns = ktime_get_ns();
			smp_wmb();	/* the time before the cookie that shows it */
			WRITE_ONCE(c->pong_cookie, get_unaligned((u64 *)buf));
			wake_up_all(&c->pong_wq);
		} else {
			atomic64_inc(&c->st.drops);
		}
	}
	if (freed && c->hdr && twin_ring_producer_waits(&c->ctl_rx))
		twin_chan_kick(c);
	more = c->hdr && !c->ctl_rx.broken && twin_ring_pending(&c->ctl_rx);
	spin_unlock_irqrestore(&c->ctl_rx_lock, flags);
	return more;
}

/* A control record to the peer's kernel, from any context. */
int twin_chan_send_ctl(u16 type, const void *buf, u32 len)
{
	struct twin_chan *c = &twin_chan;
	unsigned long flags;
	int ret;

	if (len > TWIN_CTL_MAX)
		return -EMSGSIZE;
	spin_lock_irqsave(&c->ctl_tx_lock, flags);
	if (!c->hdr || !c->up) {
		ret = -ENOTCONN;
	} else {
		ret = twin_ring_write(&c->ctl_tx, type, len, twin_copy_kbuf_in,
				      (void *)buf);
		if (ret == -EPROTO)
			ret = twin_chan_ring_error(c, &c->ctl_tx, "ctl");
		else if (ret == -ENOSPC)
			ret = -EAGAIN;
		if (!ret)
			twin_chan_kick(c);
	}
	spin_unlock_irqrestore(&c->ctl_tx_lock, flags);
	return ret;
}

bool twin_chan_peer_up(void)
{
	return READ_ONCE(twin_chan.hdr) && READ_ONCE(twin_chan.up);
}

static void twin_chan_ctl_work(struct work_struct *w)
{
	struct twin_chan *c = container_of(w, struct twin_chan, ctl_work);

	if (twin_chan_ctl_poll(c, TWIN_CTL_BUDGET))
		schedule_work(&c->ctl_work);
}

/* The doorbell: the peer moved a ring (or attached). Interrupt context. */
static void twin_chan_doorbell(void)
{
	const struct twin_chan_client *cl;
	struct twin_chan *c = &twin_chan;

	atomic64_inc(&c->st.doorbells_in);
	if (!READ_ONCE(c->hdr))
		return;
	if (!twin_kernel && !c->up)
		twin_chan_update(c);
	if (twin_chan_ctl_poll(c, TWIN_CTL_BUDGET))
		schedule_work(&c->ctl_work);
	wake_up_interruptible_all(&c->msg_wq);
	cl = READ_ONCE(twin_client);
	if (cl && cl->doorbell)
		cl->doorbell();
}

/* /dev/twin: one write() is one message, one read() returns one. */
static int twin_copy_user_in(void *ring, u32 off, u32 len, void *ctx)
{
	return copy_from_user(ring, (const char __user *)ctx + off, len) ?
	       -EFAULT : 0;
}

static int twin_copy_user_out(void *ring, u32 off, u32 len, void *ctx)
{
	return copy_to_user((char __user *)ctx + off, ring, len) ? -EFAULT : 0;
}

/*
 * Room for @len bytes on the message ring to the peer: 1 if there is,
 * 0 if not (the wait flag is then up, so the peer rings our doorbell when
 * it makes room), -ENOTCONN if the peer is down. Whoever sleeps for room
 * calls this after queueing on msg_wq; the flag comes down only in
 * twin_chan_tx_unwait(), which wakes them all. Under tx_wait_lock, so
 * that setup and teardown never see it touch a ring being reset.
 */
static int twin_chan_tx_room(struct twin_chan *c, u32 len)
{
	unsigned long flags;
	int ret;

	/* Irqsave: setup and teardown take it under the doorbell's lock. */
	spin_lock_irqsave(&c->tx_wait_lock, flags);
	if (!c->hdr || !READ_ONCE(c->up)) {
		ret = -ENOTCONN;
	} else if (twin_ring_may_fit(&c->msg_tx, len) ||
		   READ_ONCE(c->msg_tx.broken)) {
		ret = 1;	/* a broken ring: the writer gets EIO */
	} else {
		twin_ring_set_wait(&c->msg_tx, true);
		/* The peer may have made room before it saw the flag. */
		ret = twin_ring_may_fit(&c->msg_tx, len);
	}
	spin_unlock_irqrestore(&c->tx_wait_lock, flags);
	return ret;
}

/*
 * After a write: once there is room for the largest message, nobody needs
 * the peer's doorbell for room any more. Lower the flag and wake whoever
 * waits, so that none sleeps on a flag that is down.
 */
static void twin_chan_tx_unwait(struct twin_chan *c)
{
	unsigned long flags;
	bool woke = false;

	spin_lock_irqsave(&c->tx_wait_lock, flags);
	if (c->hdr && READ_ONCE(c->msg_tx.ctl->prod_wait) &&
	    twin_ring_may_fit(&c->msg_tx, TWIN_MSG_MAX)) {
		twin_ring_set_wait(&c->msg_tx, false);
		woke = true;
	}
	spin_unlock_irqrestore(&c->tx_wait_lock, flags);
	if (woke)
		wake_up_interruptible_all(&c->msg_wq);
}

/*
 * One message. A writer waiting for room does not hold msg_tx_lock, so it
 * never holds up another writer: a non-blocking one gets EAGAIN at once.
 */
static ssize_t twin_dev_write(struct file *f, const char __user *buf,
			      size_t len, loff_t *ppos)
{
	struct twin_chan *c = &twin_chan;
	u32 old;
	int ret;

	if (len > TWIN_MSG_MAX)
		return -EMSGSIZE;
	if (!len)
		return 0;	/* no empty messages: read() 0 would look like EOF */
	for (;;) {
		if (mutex_lock_interruptible(&c->msg_tx_lock))
			return -ERESTARTSYS;
		if (!c->hdr || !READ_ONCE(c->up)) {
			ret = -ENOTCONN;
		} else {
			old = c->msg_tx.pos;
			ret = twin_ring_write(&c->msg_tx, TWIN_REC_MSG, len,
					      twin_copy_user_in, (void *)buf);
			if (!ret) {
				atomic64_inc(&c->st.tx_msgs);
				atomic64_add(len, &c->st.tx_bytes);
				if (twin_ring_need_kick(&c->msg_tx, old))
					twin_chan_kick(c);
				twin_chan_tx_unwait(c);
				ret = len;
			} else if (ret == -EPROTO) {
				ret = twin_chan_ring_error(c, &c->msg_tx, "msg");
			}
		}
		mutex_unlock(&c->msg_tx_lock);
		if (ret != -ENOSPC)
			return ret;
		if (f->f_flags & O_NONBLOCK)
			return -EAGAIN;
		ret = wait_event_interruptible(c->msg_wq,
					       twin_chan_tx_room(c, len));
		if (ret)
			return ret;
	}
}

static ssize_t twin_dev_read(struct file *f, char __user *buf, size_t len,
			     loff_t *ppos)
{
	struct twin_chan *c = &twin_chan;
	u32 rlen;
	u16 type;
	int ret;

	if (mutex_lock_interruptible(&c->msg_rx_lock))
		return -ERESTARTSYS;
	for (;;) {
		if (!c->hdr) {
			ret = -ENOTCONN;
			break;
		}
		ret = twin_ring_peek(&c->msg_rx, &type, &rlen);
		if (ret < 0) {
			ret = twin_chan_ring_error(c, &c->msg_rx, "msg");
			break;
		}
		if (ret > 0 && (type != TWIN_REC_MSG || !rlen)) {
			/* Not a message, or an empty one (read 0 means EOF). */
			twin_ring_skip(&c->msg_rx);
			atomic64_inc(&c->st.drops);
			continue;
		}
		if (ret > 0 && rlen > len) {
			ret = -EMSGSIZE;	/* the message stays */
			break;
		}
		if (ret > 0) {
			/* rlen bytes, as peek said: read keeps to its copy. */
			ret = twin_ring_read(&c->msg_rx, rlen, twin_copy_user_out,
					     buf);
			if (ret >= 0) {
				atomic64_inc(&c->st.rx_msgs);
				atomic64_add(ret, &c->st.rx_bytes);
				if (twin_ring_producer_waits(&c->msg_rx))
					twin_chan_kick(c);
			}
			break;
		}
		if (!READ_ONCE(c->up)) {
			ret = -ENOTCONN;	/* drained, and nobody will send */
			break;
		}
		if (f->f_flags & O_NONBLOCK) {
			ret = -EAGAIN;
			break;
		}
		ret = wait_event_interruptible(c->msg_wq, !READ_ONCE(c->up) ||
					       twin_ring_pending(&c->msg_rx));
		if (ret)
			break;
	}
	mutex_unlock(&c->msg_rx_lock);
	return ret;
}

/*
 * Lockless: a reader or writer may sleep holding its mutex, and poll must
 * never wait for it (a reader blocked in poll could hold up the peer).
 */
static __poll_t twin_dev_poll(struct file *f, poll_table *wait)
{
	struct twin_chan *c = &twin_chan;
	__poll_t mask = 0;

	poll_wait(f, &c->msg_wq, wait);
	if (!READ_ONCE(c->hdr))
		return EPOLLHUP;
	if (twin_ring_pending(&c->msg_rx))
		mask |= EPOLLIN | EPOLLRDNORM;
	if (!READ_ONCE(c->up))
		return mask | EPOLLHUP;
	if (!(f->f_mode & FMODE_WRITE))
		return mask;
	/* Room for the largest message, or a doorbell when there is. */
	if (twin_chan_tx_room(c, TWIN_MSG_MAX) > 0)
		mask |= EPOLLOUT | EPOLLWRNORM;
	return mask;
}

/* Round trip to the other kernel and back, answered by its kernel. */
static long twin_dev_ping(struct twin_chan *c, struct twin_ping_args __user *uarg)
{
	struct twin_ping_args a;
	u8 buf[TWIN_CTL_MAX] = { 0 };
	u64 cookie, t0;
	long left;
	int ret;

	if (copy_from_user(&a, uarg, sizeof(a)))
		return -EFAULT;
	if (a.size < sizeof(u64) || a.size > TWIN_CTL_MAX ||
	    a.timeout_ms > 60000)
		return -EINVAL;
	if (mutex_lock_interruptible(&twin_ping_lock))
		return -ERESTARTSYS;
	cookie = ++twin_ping_seq;
	put_unaligned(cookie, (u64 *)buf);
	t0 = ktime_get_ns();
	ret = twin_chan_send_ctl(TWIN_REC_PING, buf, a.size);
	if (ret)
		goto out;
	left = wait_event_interruptible_timeout(c->pong_wq,
			READ_ONCE(c->pong_cookie) == cookie || !READ_ONCE(c->up),
			msecs_to_jiffies(a.timeout_ms ?: 1000));
	if (left < 0) {
		ret = left;
	} else if (READ_ONCE(c->pong_cookie) == cookie) {
		smp_rmb();	/* pairs with the smp_wmb() in twin_chan_ctl_poll() */
		a.rtt_ns = c->pong_ns - t0;
		ret = copy_to_user(uarg, &a, sizeof(a)) ? -EFAULT : 0;
	} else {
		ret = READ_ONCE(c->up) ? -ETIMEDOUT : -ENOTCONN;
	}
out:
	mutex_unlock(&twin_ping_lock);
	return ret;
}

static bool twin_chan_broken(struct twin_chan *c)
{
	return READ_ONCE(c->msg_tx.broken) || READ_ONCE(c->msg_rx.broken) ||
	       READ_ONCE(c->ctl_tx.broken) || READ_ONCE(c->ctl_rx.broken) ||
	       READ_ONCE(c->net_tx.broken) || READ_ONCE(c->net_rx.broken);
}

void twin_chan_get_status(struct twin_chan_status *st)
{
	struct twin_chan *c = &twin_chan;

	memset(st, 0, sizeof(*st));
	if (!READ_ONCE(c->hdr))
		st->state = TWIN_CHAN_NONE;
	else if (twin_chan_broken(c))
		st->state = TWIN_CHAN_BROKEN;
	else
		st->state = READ_ONCE(c->up) ? TWIN_CHAN_UP : TWIN_CHAN_DOWN;
	st->tx_msgs = atomic64_read(&c->st.tx_msgs);
	st->tx_bytes = atomic64_read(&c->st.tx_bytes);
	st->rx_msgs = atomic64_read(&c->st.rx_msgs);
	st->rx_bytes = atomic64_read(&c->st.rx_bytes);
	st->drops = atomic64_read(&c->st.drops) + twin_client_drops();
	st->errors = READ_ONCE(c->st.errors_before) + twin_chan_errors(c);
	st->doorbells_in = atomic64_read(&c->st.doorbells_in);
	st->doorbells_out = atomic64_read(&c->st.doorbells_out);
}

static long twin_dev_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct twin_chan_status st;

	switch (cmd) {
	case TWIN_CHAN_IOC_PING:
		return twin_dev_ping(&twin_chan, (void __user *)arg);
	case TWIN_CHAN_IOC_STATUS:
		twin_chan_get_status(&st);
		return copy_to_user((void __user *)arg, &st, sizeof(st)) ?
		       -EFAULT : 0;
	default:
		return -ENOTTY;
	}
}

static const struct file_operations twin_dev_fops = {
	.owner		= THIS_MODULE,
	.read		= twin_dev_read,
	.write		= twin_dev_write,
	.poll		= twin_dev_poll,
	.unlocked_ioctl	= twin_dev_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
};

static struct miscdevice twin_dev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "twin",
	.fops	= &twin_dev_fops,
	.mode	= 0600,
};

int twin_chan_register_client(const struct twin_chan_client *cl)
{
	unsigned long flags;

	if (!twin_chan_usable)
		return -ENODEV;
	spin_lock_irqsave(&twin_chan_state_lock, flags);
	if (twin_client) {
		spin_unlock_irqrestore(&twin_chan_state_lock, flags);
		return -EBUSY;
	}
	WRITE_ONCE(twin_client, cl);
	if (cl->carrier)
		cl->carrier(READ_ONCE(twin_chan.up));
	spin_unlock_irqrestore(&twin_chan_state_lock, flags);
	return 0;
}

/* /sys/kernel/twin/channel/: see Documentation/ABI/testing/sysfs-kernel-twin. */

static ssize_t state_show(struct kobject *k, struct kobj_attribute *a,
			  char *buf)
{
	struct twin_chan *c = &twin_chan;

	if (!READ_ONCE(c->hdr))
		return sysfs_emit(buf, "none\n");
	if (twin_chan_broken(c))
		return sysfs_emit(buf, "broken\n");
	return sysfs_emit(buf, "%s\n", READ_ONCE(c->up) ? "up" : "down");
}

#define TWIN_CHAN_STAT(name, expr)					\
static ssize_t name##_show(struct kobject *k, struct kobj_attribute *a,	\
			   char *buf)					\
{									\
	struct twin_chan *c = &twin_chan;				\
									\
	return sysfs_emit(buf, "%llu\n", (unsigned long long)(expr));	\
}

TWIN_CHAN_STAT(tx_msgs, atomic64_read(&c->st.tx_msgs))
TWIN_CHAN_STAT(tx_bytes, atomic64_read(&c->st.tx_bytes))
TWIN_CHAN_STAT(rx_msgs, atomic64_read(&c->st.rx_msgs))
TWIN_CHAN_STAT(rx_bytes, atomic64_read(&c->st.rx_bytes))
TWIN_CHAN_STAT(drops, atomic64_read(&c->st.drops) + twin_client_drops())
TWIN_CHAN_STAT(errors, READ_ONCE(c->st.errors_before) + twin_chan_errors(c))
TWIN_CHAN_STAT(doorbells_in, atomic64_read(&c->st.doorbells_in))
TWIN_CHAN_STAT(doorbells_out, atomic64_read(&c->st.doorbells_out))

static struct kobj_attribute twin_chan_attrs[] = {
	__ATTR_RO(state), __ATTR_RO(tx_msgs), __ATTR_RO(tx_bytes),
	__ATTR_RO(rx_msgs), __ATTR_RO(rx_bytes), __ATTR_RO(drops),
	__ATTR_RO(errors), __ATTR_RO(doorbells_in), __ATTR_RO(doorbells_out),
};

static struct attribute *twin_chan_attr_list[ARRAY_SIZE(twin_chan_attrs) + 1];

static const struct attribute_group twin_chan_group = {
	.name	= "channel",
	.attrs	= twin_chan_attr_list,
};

/* Both kernels, from twin_init(): the devices, sysfs, and in B attach. */
int __init twin_chan_init(struct kobject *twin_kobj)
{
	unsigned int i;
	int ret;

	INIT_WORK(&twin_chan.ctl_work, twin_chan_ctl_work);
	for (i = 0; i < ARRAY_SIZE(twin_chan_attrs); i++)
		twin_chan_attr_list[i] = &twin_chan_attrs[i].attr;
	ret = sysfs_create_group(twin_kobj, &twin_chan_group);
	if (ret)
		return ret;
	ret = twin_arch_doorbell_handler(twin_chan_doorbell);
	if (ret)
		return ret;
	twin_chan_debugfs_init();
	twin_chan_usable = true;
	if (twin_kernel)
		twin_chan_attach();
	return misc_register(&twin_dev);
}
