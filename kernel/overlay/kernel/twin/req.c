// SPDX-License-Identifier: GPL-2.0
/*
 * Twin Kernel: requests between the kernels (struct twin_req and
 * struct twin_resp, uapi/linux/twin_abi.h), on the channel's control
 * rings. One request is outstanding in each direction at a time: the
 * caller waits for the answer with the same sequence number, or for a
 * timeout, or for the peer to go down. The receiving kernel handles a
 * request in process context (it may bring a CPU up) and answers.
 */
#define pr_fmt(fmt) "twin: request: " fmt

#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/twin.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include "twin_chan.h"
#include "twin_internal.h"

static DEFINE_MUTEX(twin_call_lock);		/* one call at a time */
static DEFINE_SPINLOCK(twin_req_lock);		/* what follows */
static DECLARE_WAIT_QUEUE_HEAD(twin_resp_wq);
static u32 twin_call_seq;
static u32 twin_waiting_seq;			/* 0: nobody waits */
static bool twin_have_resp;
static struct twin_resp twin_resp_in;

static struct twin_req twin_req_in;		/* the request being handled */
static bool twin_req_busy;
static twin_req_handler_t twin_req_handler;

static void twin_req_work_fn(struct work_struct *w);
static DECLARE_WORK(twin_req_work, twin_req_work_fn);

void twin_req_set_handler(twin_req_handler_t fn)
{
	WRITE_ONCE(twin_req_handler, fn);
}

static int twin_send_resp(const struct twin_resp *resp)
{
	return twin_chan_send_ctl(TWIN_REC_RESP, resp, sizeof(*resp));
}

static void twin_req_work_fn(struct work_struct *w)
{
	twin_req_handler_t fn = READ_ONCE(twin_req_handler);
	struct twin_resp resp = {
		.op = twin_req_in.op,
		.seq = twin_req_in.seq,
		.result = -EOPNOTSUPP,
	};
	int ret;

	if (fn)
		resp.result = fn(&twin_req_in, &resp);
	/*
	 * Free for the next request before the answer goes out: the peer
	 * may send its next one as soon as it has this answer.
	 */
	spin_lock_irq(&twin_req_lock);
	twin_req_busy = false;
	spin_unlock_irq(&twin_req_lock);
	ret = twin_send_resp(&resp);
	if (ret)
		pr_warn("cannot answer request %u (op %u): %d\n", resp.seq,
			resp.op, ret);
}

/*
 * From the channel's control ring, in the doorbell interrupt or its work:
 * @buf holds the @len bytes copied out of the ring (the peer's words).
 */
void twin_req_rx(u16 type, const void *buf, u32 len)
{
	unsigned long flags;

	if (type == TWIN_REC_REQ) {
		struct twin_req req = { 0 };
		struct twin_resp busy = { .result = -EBUSY };

		if (len < offsetof(struct twin_req, arg))
			return;
		memcpy(&req, buf, min_t(u32, len, sizeof(req)));
		spin_lock_irqsave(&twin_req_lock, flags);
		if (!twin_req_busy) {
			twin_req_busy = true;
			twin_req_in = req;
			schedule_work(&twin_req_work);
			req.op = 0;
		}
		spin_unlock_irqrestore(&twin_req_lock, flags);
		if (req.op) {
			busy.op = req.op;
			busy.seq = req.seq;
			twin_send_resp(&busy);
		}
	} else if (type == TWIN_REC_RESP) {
		struct twin_resp resp = { 0 };

		if (len < offsetof(struct twin_resp, reserved))
			return;
		memcpy(&resp, buf, min_t(u32, len, sizeof(resp)));
		spin_lock_irqsave(&twin_req_lock, flags);
		if (twin_waiting_seq && resp.seq == twin_waiting_seq) {
			twin_resp_in = resp;
			twin_have_resp = true;
			wake_up_all(&twin_resp_wq);
		}
		spin_unlock_irqrestore(&twin_req_lock, flags);
	}
}

/* The channel went down: a caller waiting for an answer gets none. */
void twin_req_peer_down(void)
{
	wake_up_all(&twin_resp_wq);
}

/* A: does B's own state word say it has ended (lifecycle.c)? */
static bool (*twin_peer_gone)(void);

void twin_req_set_peer_gone(bool (*gone)(void))
{
	WRITE_ONCE(twin_peer_gone, gone);
}

static bool twin_gone(void)
{
	if (!twin_chan_peer_up())
		return true;
	return READ_ONCE(twin_peer_gone) && twin_peer_gone();
}

static bool twin_call_done(void)
{
	return READ_ONCE(twin_have_resp) || twin_gone();
}

/*
 * Ask the peer's kernel and wait for its answer, at most @timeout_ms:
 * 0 with @resp filled (resp->result is the peer's), -ETIMEDOUT, or
 * -ENOTCONN when there is no peer or it went down meanwhile.
 */
int twin_req_call(struct twin_req *req, struct twin_resp *resp,
		  unsigned int timeout_ms)
{
	int ret;

	mutex_lock(&twin_call_lock);
	spin_lock_irq(&twin_req_lock);
	req->seq = ++twin_call_seq ?: ++twin_call_seq;
	twin_waiting_seq = req->seq;
	twin_have_resp = false;
	spin_unlock_irq(&twin_req_lock);

	ret = twin_chan_send_ctl(TWIN_REC_REQ, req, sizeof(*req));
	if (!ret) {
		unsigned long end = jiffies + msecs_to_jiffies(timeout_ms);

		/*
		 * In slices: a B that panics writes its state word but rings
		 * no doorbell, and the watchdog that would end it waits for
		 * the lifecycle's lock, held by this caller.
		 */
		while (!twin_call_done() && time_before(jiffies, end))
			wait_event_timeout(twin_resp_wq, twin_call_done(),
					   min_t(long, HZ / 20, end - jiffies));
		if (READ_ONCE(twin_have_resp))
			ret = 0;
		else
			ret = twin_gone() ? -ENOTCONN : -ETIMEDOUT;
	}

	spin_lock_irq(&twin_req_lock);
	if (!ret)
		*resp = twin_resp_in;
	twin_waiting_seq = 0;
	spin_unlock_irq(&twin_req_lock);
	mutex_unlock(&twin_call_lock);
	return ret;
}
