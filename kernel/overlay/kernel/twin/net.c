// SPDX-License-Identifier: GPL-2.0
/*
 * Twin Kernel: twin0, an Ethernet device in both kernels whose wire is the
 * channel's pair of frame rings. Transmit copies the frame into the ring
 * and rings the doorbell when the peer had caught up; receive is NAPI,
 * scheduled by the doorbell, at most a budget of frames per poll. The
 * carrier follows the peer: down while the other kernel is not attached.
 */
#define pr_fmt(fmt) "twin: twin0: " fmt

#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <linux/twin.h>

#include "twin_chan.h"
#include "twin_internal.h"

struct twin_net {
	struct napi_struct napi;
	bool paused;
	/* For the channel's drop count; the netdev's own are dstats. */
	atomic64_t tx_drops, rx_drops;
};

static struct net_device *twin_netdev;

static struct twin_net *twin_net_priv(void)
{
	return twin_netdev ? netdev_priv(twin_netdev) : NULL;
}

static int twin_net_copy_skb(void *ring, u32 off, u32 len, void *ctx)
{
	return skb_copy_bits(ctx, off, ring, len);
}

static int twin_net_copy_out(void *ring, u32 off, u32 len, void *ctx)
{
	memcpy((u8 *)ctx + off, ring, len);
	return 0;
}

static void twin_net_tx_drop(struct net_device *dev, struct twin_net *tn)
{
	dev_dstats_tx_dropped(dev);
	atomic64_inc(&tn->tx_drops);
}

/*
 * Room for the largest frame, or the queue stops until the peer's
 * doorbell says there is (twin_net_doorbell()): so that xmit always finds
 * room and never has to hand a frame back.
 */
static void twin_net_tx_maybe_stop(struct net_device *dev, struct twin_chan *c)
{
	u32 max = dev->mtu + ETH_HLEN;

	if (twin_ring_fits(&c->net_tx, max))
		return;
	netif_stop_queue(dev);
	twin_ring_set_wait(&c->net_tx, true);
	/* The peer may have made room before it saw the flag. */
	if (twin_ring_fits(&c->net_tx, max)) {
		twin_ring_set_wait(&c->net_tx, false);
		netif_start_queue(dev);
	}
}

static netdev_tx_t twin_net_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct twin_net *tn = netdev_priv(dev);
	struct twin_chan *c = &twin_chan;
	unsigned int len = skb->len;
	u32 old;
	int ret;

	if (!READ_ONCE(c->up) || !c->hdr || tn->paused ||
	    len > TWIN_NET_MAX_FRAME) {
		twin_net_tx_drop(dev, tn);
		dev_kfree_skb_any(skb);
		return NETDEV_TX_OK;
	}
	old = c->net_tx.pos;
	ret = twin_ring_write(&c->net_tx, TWIN_REC_ETH, len, twin_net_copy_skb,
			      skb);
	if (ret) {
		/* -ENOSPC only if the MTU grew since the queue was checked. */
		if (ret == -EPROTO)
			twin_chan_ring_error(c, &c->net_tx, "net");
		twin_net_tx_drop(dev, tn);
	} else {
		dev_dstats_tx_add(dev, len);
		if (twin_ring_need_kick(&c->net_tx, old))
			twin_chan_kick(c);
	}
	dev_kfree_skb_any(skb);
	if (!ret)
		twin_net_tx_maybe_stop(dev, c);
	return NETDEV_TX_OK;
}

static int twin_net_poll(struct napi_struct *napi, int budget)
{
	struct net_device *dev = napi->dev;
	struct twin_chan *c = &twin_chan;
	struct twin_net *tn = netdev_priv(dev);
	struct sk_buff *skb;
	int done = 0, ret;
	u32 len;
	u16 type;

	while (done < budget && c->hdr && !tn->paused) {
		ret = twin_ring_peek(&c->net_rx, &type, &len);
		if (ret < 0)
			twin_chan_ring_error(c, &c->net_rx, "net");
		if (ret <= 0)
			break;
		skb = NULL;
		if (type == TWIN_REC_ETH && len >= ETH_HLEN)
			skb = napi_alloc_skb(napi, len);
		if (!skb) {
			/* Not a frame, a runt, or no memory: drop it. */
			twin_ring_skip(&c->net_rx);
			dev_dstats_rx_dropped(dev);
			atomic64_inc(&tn->rx_drops);
			continue;
		}
		/* The frame is exactly the bytes read copied, never more. */
		ret = twin_ring_read(&c->net_rx, len, twin_net_copy_out,
				     skb_put(skb, len));
		if (ret != (int)len) {
			kfree_skb(skb);
			if (ret < 0)
				twin_chan_ring_error(c, &c->net_rx, "net");
			dev_dstats_rx_dropped(dev);
			atomic64_inc(&tn->rx_drops);
			break;
		}
		skb->protocol = eth_type_trans(skb, dev);
		skb->ip_summed = CHECKSUM_NONE;
		dev_dstats_rx_add(dev, len);
		napi_gro_receive(napi, skb);
		done++;
	}
	if (done && c->hdr && twin_ring_producer_waits(&c->net_rx))
		twin_chan_kick(c);
	if (done < budget && napi_complete_done(napi, done)) {
		/* A frame that came after our last look, with no doorbell. */
		if (c->hdr && !tn->paused && !c->net_rx.broken &&
		    twin_ring_pending(&c->net_rx))
			napi_schedule(napi);
	}
	return done;
}

/* From the doorbell interrupt. */
static void twin_net_doorbell(void)
{
	struct twin_net *tn = twin_net_priv();
	struct twin_chan *c = &twin_chan;

	if (!tn || !netif_running(twin_netdev))
		return;
	napi_schedule(&tn->napi);
	/* Lockless look at the transmit ring: xmit may run on another CPU. */
	if (netif_queue_stopped(twin_netdev) && c->hdr &&
	    twin_ring_may_fit(&c->net_tx, twin_netdev->mtu + ETH_HLEN)) {
		twin_ring_set_wait(&c->net_tx, false);
		netif_wake_queue(twin_netdev);
	}
}

static void twin_net_carrier(bool up)
{
	if (!twin_netdev)
		return;
	if (up) {
		netif_carrier_on(twin_netdev);
		netif_wake_queue(twin_netdev);
		twin_net_doorbell();
	} else {
		netif_carrier_off(twin_netdev);
	}
}

/* The channel is being reset: no ring access until resume. */
static void twin_net_pause(void)
{
	struct twin_net *tn = twin_net_priv();

	if (!tn)
		return;
	netif_tx_lock_bh(twin_netdev);
	tn->paused = true;
	netif_tx_unlock_bh(twin_netdev);
	if (netif_running(twin_netdev))
		napi_synchronize(&tn->napi);
}

static void twin_net_resume(void)
{
	struct twin_net *tn = twin_net_priv();

	if (!tn)
		return;
	netif_tx_lock_bh(twin_netdev);
	tn->paused = false;
	netif_tx_unlock_bh(twin_netdev);
}

static u64 twin_net_drops(void)
{
	struct twin_net *tn = twin_net_priv();

	return tn ? atomic64_read(&tn->tx_drops) + atomic64_read(&tn->rx_drops) : 0;
}

static int twin_net_open(struct net_device *dev)
{
	struct twin_net *tn = netdev_priv(dev);

	napi_enable(&tn->napi);
	netif_start_queue(dev);
	if (READ_ONCE(twin_chan.up))
		napi_schedule(&tn->napi);
	return 0;
}

static int twin_net_stop(struct net_device *dev)
{
	struct twin_net *tn = netdev_priv(dev);

	netif_stop_queue(dev);
	napi_disable(&tn->napi);
	return 0;
}

static const struct net_device_ops twin_net_ops = {
	.ndo_open		= twin_net_open,
	.ndo_stop		= twin_net_stop,
	.ndo_start_xmit		= twin_net_xmit,
	.ndo_set_mac_address	= eth_mac_addr,
	.ndo_validate_addr	= eth_validate_addr,
};

static const struct twin_chan_client twin_net_client = {
	.doorbell	= twin_net_doorbell,
	.carrier	= twin_net_carrier,
	.pause		= twin_net_pause,
	.resume		= twin_net_resume,
	.drops		= twin_net_drops,
};

/* B became a host: twin0 takes A's address, the next twin has B's. */
void twin_net_become_host(void)
{
	struct net_device *dev = READ_ONCE(twin_netdev);
	u8 mac[ETH_ALEN];

	if (!dev)
		return;
	rtnl_lock();
	ether_addr_copy(mac, dev->dev_addr);
	mac[5] = 0x0a;
	eth_hw_addr_set(dev, mac);
	call_netdevice_notifiers(NETDEV_CHANGEADDR, dev);
	rtnl_unlock();
}

/* After the channel's own init (late_initcall): only where there is one. */
static int __init twin_net_init(void)
{
	/* Locally administered, "tk", then 0x0a for A and 0x0b for B. */
	u8 mac[ETH_ALEN] = { 0x02, 0x74, 0x6b, 0x00, 0x00, 0x0a };
	struct net_device *dev;
	struct twin_net *tn;
	int ret;

	dev = alloc_etherdev(sizeof(*tn));
	if (!dev)
		return -ENOMEM;
	strscpy(dev->name, "twin0", IFNAMSIZ);
	dev->netdev_ops = &twin_net_ops;
	dev->pcpu_stat_type = NETDEV_PCPU_STAT_DSTATS;
	dev->min_mtu = ETH_MIN_MTU;
	dev->max_mtu = TWIN_NET_MAX_FRAME - ETH_HLEN;
	if (twin_kernel)
		mac[5] = 0x0b;
	eth_hw_addr_set(dev, mac);
	tn = netdev_priv(dev);
	netif_napi_add(dev, &tn->napi, twin_net_poll);
	netif_carrier_off(dev);
	ret = register_netdev(dev);
	if (ret) {
		netif_napi_del(&tn->napi);
		free_netdev(dev);
		return ret;
	}
	twin_netdev = dev;
	ret = twin_chan_register_client(&twin_net_client);
	if (ret) {
		pr_info("no channel in this kernel (%d): no twin0\n", ret);
		twin_netdev = NULL;
		unregister_netdev(dev);
		free_netdev(dev);
		return ret == -ENODEV ? 0 : ret;
	}
	return 0;
}
late_initcall_sync(twin_net_init);
