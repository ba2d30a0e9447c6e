// SPDX-License-Identifier: GPL-2.0
/*
 * tkctl share-net's operations on the real network: the bridge ioctls
 * (SIOCBRADDBR, SIOCBRADDIF, ...), interface ioctls to set flags, MTU and
 * MAC address, and rtnetlink (messages in rtnl_msg.c) to read interfaces
 * and bridge ports (RTM_GETLINK: no sysfs needed, so it also works in a
 * network namespace) and IPv4 addresses and routes.
 */
#include <errno.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/rtnetlink.h>
#include <linux/sockios.h>

#include "netops.h"
#include "rtnl_msg.h"

static int ifreq_for(struct ifreq *ifr, const char *name)
{
	if (tk_ifname_valid(name))
		return -EINVAL;
	memset(ifr, 0, sizeof(*ifr));
	memcpy(ifr->ifr_name, name, strlen(name) + 1);
	return 0;
}

static int ioc(struct tk_netops_ctx *c, unsigned long req, void *arg)
{
	return ioctl(c->ioc, req, arg) ? -errno : 0;
}

static int if_index(struct tk_netops_ctx *c, const char *name)
{
	struct ifreq ifr;
	int ret = ifreq_for(&ifr, name);

	if (!ret)
		ret = ioc(c, SIOCGIFINDEX, &ifr);
	return ret ? ret : ifr.ifr_ifindex;
}

static int bridge_ioctl(void *ctx, unsigned long req, const char *name)
{
	char buf[IFNAMSIZ] = "";

	if (tk_ifname_valid(name))
		return -EINVAL;
	memcpy(buf, name, strlen(name) + 1);
	return ioc(ctx, req, buf);
}

static int op_bridge_add(void *ctx, const char *name)
{
	return bridge_ioctl(ctx, SIOCBRADDBR, name);
}

static int op_bridge_del(void *ctx, const char *name)
{
	return bridge_ioctl(ctx, SIOCBRDELBR, name);
}

static int port_ioctl(void *ctx, unsigned long req, const char *bridge,
		      const char *port)
{
	struct ifreq ifr;
	int index = if_index(ctx, port), ret;

	if (index < 0)
		return index;
	ret = ifreq_for(&ifr, bridge);
	if (ret)
		return ret;
	ifr.ifr_ifindex = index;
	return ioc(ctx, req, &ifr);
}

static int op_port_add(void *ctx, const char *bridge, const char *port)
{
	return port_ioctl(ctx, SIOCBRADDIF, bridge, port);
}

static int op_port_del(void *ctx, const char *bridge, const char *port)
{
	return port_ioctl(ctx, SIOCBRDELIF, bridge, port);
}

static int op_set_up(void *ctx, const char *name, int up)
{
	struct ifreq ifr;
	int ret = ifreq_for(&ifr, name);

	if (!ret)
		ret = ioc(ctx, SIOCGIFFLAGS, &ifr);
	if (ret)
		return ret;
	if (up)
		ifr.ifr_flags |= IFF_UP;
	else
		ifr.ifr_flags &= ~IFF_UP;
	return ioc(ctx, SIOCSIFFLAGS, &ifr);
}

static int op_set_mtu(void *ctx, const char *name, int mtu)
{
	struct ifreq ifr;
	int ret = ifreq_for(&ifr, name);

	if (ret)
		return ret;
	ifr.ifr_mtu = mtu;
	return ioc(ctx, SIOCSIFMTU, &ifr);
}

static int op_set_mac(void *ctx, const char *name, const unsigned char *mac)
{
	struct ifreq ifr;
	int ret = ifreq_for(&ifr, name);

	if (ret)
		return ret;
	ifr.ifr_hwaddr.sa_family = ARPHRD_ETHER;
	memcpy(ifr.ifr_hwaddr.sa_data, mac, 6);
	return ioc(ctx, SIOCSIFHWADDR, &ifr);
}

/* Send request @req and read the answer until it is complete. */
static int nl_talk(struct tk_netops_ctx *c, void *req, int len,
		   int (*fn)(const struct nlmsghdr *h, void *arg), void *arg)
{
	static char buf[65536] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	uint32_t seq = ((struct nlmsghdr *)req)->nlmsg_seq;
	struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	ssize_t n;
	int ret;

	if (sendto(c->nl, req, len, 0, (struct sockaddr *)&kernel,
		   sizeof(kernel)) != len)
		return -errno;
	for (;;) {
		n = recvmsg(c->nl, &msg, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (msg.msg_flags & MSG_TRUNC)
			return -EMSGSIZE;
		ret = tk_nl_walk(buf, (size_t)n, seq, fn, arg);
		if (ret)
			return ret == 1 ? 0 : ret;
	}
}

struct dump {
	int ifindex;		/* addresses: only this interface's */
	struct tk_addr4 *addrs;
	struct tk_route4 *routes;
	int n, max;
};

static int dump_addr(const struct nlmsghdr *h, void *arg)
{
	struct dump *d = arg;
	struct tk_addr4 a;
	int index, ret = tk_nl_parse_addr(h, &index, &a);

	if (ret)
		return ret < 0 ? ret : 0;
	if (index != d->ifindex)
		return 0;
	if (d->n == d->max)
		return -ENOSPC;
	d->addrs[d->n++] = a;
	return 0;
}

static int dump_route(const struct nlmsghdr *h, void *arg)
{
	struct dump *d = arg;
	struct tk_route4 r;
	int ret = tk_nl_parse_route(h, &r);

	if (ret)
		return ret < 0 ? ret : 0;
	if (d->n == d->max)
		return -ENOSPC;
	d->routes[d->n++] = r;
	return 0;
}

/* A dump, asked again (up to 3 times) when a change interrupted it. */
static int nl_dump(struct tk_netops_ctx *c, uint16_t type,
		   int (*fn)(const struct nlmsghdr *h, void *arg),
		   struct dump *d)
{
	char req[64] __attribute__((aligned(NLMSG_ALIGNTO)));
	int ret = -EAGAIN;

	for (int tries = 0; tries < 3 && ret == -EAGAIN; tries++) {
		d->n = 0;
		ret = tk_nl_dump_req(req, sizeof(req), type, ++c->seq);
		if (ret > 0)
			ret = nl_talk(c, req, ret, fn, d);
	}
	return ret ? ret : d->n;
}

struct link_dump {
	struct tk_netif *l;
	int *master;
	int n;			/* links seen */
	int want_master;	/* dump: names of ports of this index */
	char (*names)[IFNAMSIZ];
	int max;
};

static int one_link(const struct nlmsghdr *h, void *arg)
{
	struct link_dump *d = arg;

	if (d->n++)
		return -EINVAL;
	return tk_nl_parse_link(h, d->l, d->master);
}

/* The interface @index, or named @name when @index is 0. */
static int get_link(struct tk_netops_ctx *c, int index, const char *name,
		    struct tk_netif *l, int *master)
{
	char req[64] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct link_dump d = { .l = l, .master = master };
	int ret;

	if (!index && tk_ifname_valid(name))
		return -EINVAL;
	ret = tk_nl_link_req(req, sizeof(req), ++c->seq, index, name);
	if (ret > 0)
		ret = nl_talk(c, req, ret, one_link, &d);
	if (!ret && d.n != 1)
		ret = -EPROTO;
	return ret;
}

static int op_get_if(void *ctx, const char *name, struct tk_netif *out)
{
	struct tk_netif master;
	int m, ret = get_link(ctx, 0, name, out, &m);

	if (!ret && m > 0) {
		ret = get_link(ctx, m, NULL, &master, &m);
		if (!ret)
			memcpy(out->master, master.name, sizeof(out->master));
	}
	return ret;
}

static int op_if_name(void *ctx, int index, char name[IFNAMSIZ])
{
	struct tk_netif l;
	int m, ret = get_link(ctx, index, NULL, &l, &m);

	if (!ret)
		memcpy(name, l.name, IFNAMSIZ);
	return ret;
}

static int port_link(const struct nlmsghdr *h, void *arg)
{
	struct link_dump *d = arg;
	struct tk_netif l;
	int master, ret = tk_nl_parse_link(h, &l, &master);

	if (ret || master != d->want_master)
		return ret;
	if (d->n == d->max)
		return -ENOSPC;
	memcpy(d->names[d->n++], l.name, IFNAMSIZ);
	return 0;
}

static int op_ports(void *ctx, const char *bridge, char (*names)[IFNAMSIZ],
		    int max)
{
	struct tk_netops_ctx *c = ctx;
	struct link_dump d = { .names = names, .max = max };
	char req[64] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct tk_netif br;
	int m, ret = get_link(c, 0, bridge, &br, &m);

	if (ret)
		return ret;
	d.want_master = br.index;
	ret = -EAGAIN;
	for (int tries = 0; tries < 3 && ret == -EAGAIN; tries++) {
		d.n = 0;
		ret = tk_nl_dump_req(req, sizeof(req), RTM_GETLINK, ++c->seq);
		if (ret > 0)
			ret = nl_talk(c, req, ret, port_link, &d);
	}
	return ret ? ret : d.n;
}

static int op_addrs(void *ctx, int index, struct tk_addr4 *out, int max)
{
	struct dump d = { .ifindex = index, .addrs = out, .max = max };

	return nl_dump(ctx, RTM_GETADDR, dump_addr, &d);
}

static int op_routes(void *ctx, struct tk_route4 *out, int max)
{
	struct dump d = { .routes = out, .max = max };

	return nl_dump(ctx, RTM_GETROUTE, dump_route, &d);
}

static int addr_req(void *ctx, uint16_t type, uint16_t flags, int index,
		    const struct tk_addr4 *a)
{
	struct tk_netops_ctx *c = ctx;
	char req[256] __attribute__((aligned(NLMSG_ALIGNTO)));
	int len = tk_nl_addr_req(req, sizeof(req), type, NLM_F_ACK | flags,
				 ++c->seq, index, a);

	return len < 0 ? len : nl_talk(c, req, len, NULL, NULL);
}

static int op_addr_add(void *ctx, int index, const struct tk_addr4 *a)
{
	return addr_req(ctx, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, index, a);
}

static int op_addr_del(void *ctx, int index, const struct tk_addr4 *a)
{
	return addr_req(ctx, RTM_DELADDR, 0, index, a);
}

static int route_req(void *ctx, uint16_t type, uint16_t flags,
		     const struct tk_route4 *r)
{
	struct tk_netops_ctx *c = ctx;
	char req[256] __attribute__((aligned(NLMSG_ALIGNTO)));
	int len = tk_nl_route_req(req, sizeof(req), type, NLM_F_ACK | flags,
				  ++c->seq, r);

	return len < 0 ? len : nl_talk(c, req, len, NULL, NULL);
}

/*
 * Without NLM_F_EXCL: the same route through another interface (the NIC's,
 * until its addresses go) may exist; an identical one is still EEXIST.
 */
static int op_route_add(void *ctx, const struct tk_route4 *r)
{
	return route_req(ctx, RTM_NEWROUTE, NLM_F_CREATE, r);
}

static int op_route_del(void *ctx, const struct tk_route4 *r)
{
	return route_req(ctx, RTM_DELROUTE, 0, r);
}

const struct tk_net_ops tk_netops = {
	.get_if = op_get_if,
	.if_name = op_if_name,
	.ports = op_ports,
	.bridge_add = op_bridge_add,
	.bridge_del = op_bridge_del,
	.port_add = op_port_add,
	.port_del = op_port_del,
	.set_up = op_set_up,
	.set_mtu = op_set_mtu,
	.set_mac = op_set_mac,
	.addrs = op_addrs,
	.addr_add = op_addr_add,
	.addr_del = op_addr_del,
	.routes = op_routes,
	.route_add = op_route_add,
	.route_del = op_route_del,
};

int tk_netops_open(struct tk_netops_ctx *c, char *err, size_t len)
{
	struct sockaddr_nl local = { .nl_family = AF_NETLINK };
	int e;

	c->seq = (unsigned int)getpid() << 8;
	c->ioc = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (c->ioc < 0) {
		e = errno;
		snprintf(err, len, "socket(AF_INET): %s", strerror(e));
		return -e;
	}
	c->nl = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (c->nl < 0 || bind(c->nl, (struct sockaddr *)&local, sizeof(local))) {
		e = errno;
		snprintf(err, len, "rtnetlink socket: %s", strerror(e));
		if (c->nl >= 0)
			close(c->nl);
		close(c->ioc);
		return -e;
	}
	return 0;
}

void tk_netops_close(struct tk_netops_ctx *c)
{
	close(c->nl);
	close(c->ioc);
}
