// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of tkctl's rtnetlink messages (rtnl_msg.c): requests read
 * back field for field, and answers the kernel could not have sent
 * (truncated, attributes of the wrong size or past the message, labels
 * without their NUL) refused, never read beyond the buffer.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>

#include "rtnl_msg.h"

static char buf[4096] __attribute__((aligned(8)));

static uint32_t ip(const char *s)
{
	struct in_addr a;

	assert_int_equal(inet_pton(AF_INET, s, &a), 1);
	return a.s_addr;
}

static struct tk_addr4 addr(void)
{
	struct tk_addr4 a = {
		.local = ip("10.0.2.15"), .address = ip("10.0.2.15"),
		.broadcast = ip("10.0.2.255"), .has_broadcast = 1,
		.prefixlen = 24, .scope = RT_SCOPE_UNIVERSE,
		.flags = IFA_F_PERMANENT | IFA_F_SECONDARY | IFA_F_NOPREFIXROUTE,
		.valid_lft = 86400, .preferred_lft = 3600,
		.label = "br0:1",
	};

	return a;
}

static void addr_round_trip(void **state)
{
	struct tk_addr4 a = addr(), b;
	int len, index;

	(void)state;
	len = tk_nl_addr_req(buf, sizeof(buf), RTM_NEWADDR,
			     NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK, 77, 5, &a);
	assert_true(len > 0);
	assert_int_equal(((struct nlmsghdr *)buf)->nlmsg_len, len);
	assert_int_equal(((struct nlmsghdr *)buf)->nlmsg_seq, 77);
	assert_int_equal(((struct nlmsghdr *)buf)->nlmsg_flags,
			 NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK);
	assert_int_equal(tk_nl_parse_addr((struct nlmsghdr *)buf, &index, &b), 0);
	assert_int_equal(index, 5);
	assert_int_equal(b.local, a.local);
	assert_int_equal(b.address, a.address);
	assert_int_equal(b.broadcast, a.broadcast);
	assert_true(b.has_broadcast);
	assert_int_equal(b.prefixlen, 24);
	assert_int_equal(b.scope, RT_SCOPE_UNIVERSE);
	/* The kernel decides what is secondary: not asked for. */
	assert_int_equal(b.flags, IFA_F_PERMANENT | IFA_F_NOPREFIXROUTE);
	assert_string_equal(b.label, "br0:1");
	assert_int_equal(b.valid_lft, 86400);
	assert_int_equal(b.preferred_lft, 3600);
	/* Forever: no lifetimes sent; read back as forever. */
	a.valid_lft = a.preferred_lft = ~0U;
	a.has_broadcast = 0;
	len = tk_nl_addr_req(buf, sizeof(buf), RTM_NEWADDR, 0, 1, 5, &a);
	assert_true(len > 0);
	assert_int_equal(tk_nl_parse_addr((struct nlmsghdr *)buf, &index, &b), 0);
	assert_int_equal(b.valid_lft, ~0U);
	assert_int_equal(b.preferred_lft, ~0U);
	assert_false(b.has_broadcast);
	/* A delete names the address only; a dump asks for IPv4. */
	len = tk_nl_addr_req(buf, sizeof(buf), RTM_DELADDR, NLM_F_ACK, 2, 5, &a);
	assert_int_equal(len, NLMSG_LENGTH(sizeof(struct ifaddrmsg)) + 2 * RTA_SPACE(4));
	len = tk_nl_dump_req(buf, sizeof(buf), RTM_GETROUTE, 3);
	assert_int_equal(len, NLMSG_LENGTH(sizeof(struct rtgenmsg)));
	assert_int_equal(((struct nlmsghdr *)buf)->nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
	assert_int_equal(((struct rtgenmsg *)NLMSG_DATA((struct nlmsghdr *)buf))->rtgen_family, AF_INET);
}

static void route_round_trip(void **state)
{
	struct tk_route4 r = {
		.dst = ip("192.168.9.0"), .dst_len = 24,
		.gateway = ip("10.0.3.1"), .has_gateway = 1,
		.prefsrc = ip("10.0.3.7"), .has_prefsrc = 1,
		.priority = 100, .has_priority = 1,
		.tos = 0, .protocol = RTPROT_STATIC, .scope = RT_SCOPE_UNIVERSE,
		.type = RTN_UNICAST, .table = 1000, .oif = 7,
	}, b;
	int len;

	(void)state;
	len = tk_nl_route_req(buf, sizeof(buf), RTM_NEWROUTE, NLM_F_CREATE, 9, &r);
	assert_true(len > 0);
	/* Table 1000 does not fit rtm_table: RTA_TABLE carries it. */
	assert_int_equal(((struct rtmsg *)NLMSG_DATA((struct nlmsghdr *)buf))->rtm_table,
			 RT_TABLE_UNSPEC);
	assert_int_equal(tk_nl_parse_route((struct nlmsghdr *)buf, &b), 0);
	assert_int_equal(b.dst, r.dst);
	assert_int_equal(b.dst_len, 24);
	assert_true(b.has_gateway);
	assert_int_equal(b.gateway, r.gateway);
	assert_true(b.has_prefsrc);
	assert_int_equal(b.prefsrc, r.prefsrc);
	assert_true(b.has_priority);
	assert_int_equal(b.priority, 100);
	assert_int_equal(b.protocol, RTPROT_STATIC);
	assert_int_equal(b.type, RTN_UNICAST);
	assert_int_equal(b.table, 1000);
	assert_int_equal(b.oif, 7);
	/* A default route: no RTA_DST, no gateway flag when there is none. */
	memset(&r, 0, sizeof(r));
	r.table = RT_TABLE_MAIN;
	r.type = RTN_UNICAST;
	r.oif = 2;
	len = tk_nl_route_req(buf, sizeof(buf), RTM_DELROUTE, NLM_F_ACK, 10, &r);
	assert_true(len > 0);
	((struct nlmsghdr *)buf)->nlmsg_type = RTM_NEWROUTE;
	assert_int_equal(tk_nl_parse_route((struct nlmsghdr *)buf, &b), 0);
	assert_int_equal(b.dst_len, 0);
	assert_false(b.has_gateway);
	assert_int_equal(b.table, RT_TABLE_MAIN);
}

static void no_room(void **state)
{
	struct tk_addr4 a = addr();
	struct tk_route4 r = { .dst_len = 8, .has_gateway = 1, .oif = 1 };

	(void)state;
	assert_int_equal(tk_nl_dump_req(buf, 8, RTM_GETADDR, 1), -ENOSPC);
	assert_int_equal(tk_nl_addr_req(buf, 40, RTM_NEWADDR, 0, 1, 1, &a), -ENOSPC);
	assert_int_equal(tk_nl_route_req(buf, 40, RTM_NEWROUTE, 0, 1, &r), -ENOSPC);
}

/* An RTM_NEWADDR message built by hand: header, then attributes. */
static struct nlmsghdr *hand_addr(uint8_t family, uint8_t prefixlen)
{
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	struct ifaddrmsg *m;

	memset(buf, 0, sizeof(buf));
	h->nlmsg_type = RTM_NEWADDR;
	h->nlmsg_len = NLMSG_LENGTH(sizeof(*m));
	m = NLMSG_DATA(h);
	m->ifa_family = family;
	m->ifa_prefixlen = prefixlen;
	m->ifa_index = 3;
	return h;
}

static void attr(struct nlmsghdr *h, uint16_t type, const void *data,
		 uint16_t len)
{
	struct rtattr *rta = (struct rtattr *)((char *)h + NLMSG_ALIGN(h->nlmsg_len));

	rta->rta_type = type;
	rta->rta_len = RTA_LENGTH(len);
	memcpy(RTA_DATA(rta), data, len);
	h->nlmsg_len = NLMSG_ALIGN(h->nlmsg_len) + RTA_LENGTH(len);
}

static void hostile_addrs(void **state)
{
	struct tk_addr4 a;
	struct nlmsghdr *h;
	uint32_t v = ip("10.0.2.15");
	int index;

	(void)state;
	/* IPv6 is skipped, not an error. */
	h = hand_addr(AF_INET6, 64);
	assert_int_equal(tk_nl_parse_addr(h, &index, &a), 1);
	/* Only IFA_ADDRESS: the local address is the same. */
	h = hand_addr(AF_INET, 24);
	attr(h, IFA_ADDRESS, &v, 4);
	assert_int_equal(tk_nl_parse_addr(h, &index, &a), 0);
	assert_int_equal(a.local, v);
	assert_int_equal(index, 3);
	/* No address at all. */
	h = hand_addr(AF_INET, 24);
	assert_int_equal(tk_nl_parse_addr(h, &index, &a), -EINVAL);
	/* A prefix longer than 32. */
	h = hand_addr(AF_INET, 33);
	attr(h, IFA_LOCAL, &v, 4);
	assert_int_equal(tk_nl_parse_addr(h, &index, &a), -EINVAL);
	/* A 3-byte address. */
	h = hand_addr(AF_INET, 24);
	attr(h, IFA_LOCAL, &v, 3);
	assert_int_equal(tk_nl_parse_addr(h, &index, &a), -EINVAL);
	/* A label without its NUL, and one longer than a name. */
	h = hand_addr(AF_INET, 24);
	attr(h, IFA_LOCAL, &v, 4);
	attr(h, IFA_LABEL, "eth0", 4);
	assert_int_equal(tk_nl_parse_addr(h, &index, &a), -EINVAL);
	h = hand_addr(AF_INET, 24);
	attr(h, IFA_LOCAL, &v, 4);
	attr(h, IFA_LABEL, "a-label-of-20-chars", 20);
	assert_int_equal(tk_nl_parse_addr(h, &index, &a), -EINVAL);
	/* An attribute that claims more than the message has. */
	h = hand_addr(AF_INET, 24);
	attr(h, IFA_LOCAL, &v, 4);
	((struct rtattr *)((char *)h + NLMSG_SPACE(sizeof(struct ifaddrmsg))))->rta_len = 64;
	assert_int_equal(tk_nl_parse_addr(h, &index, &a), -EINVAL);
	/* A message shorter than its fixed part, and of another type. */
	h = hand_addr(AF_INET, 24);
	h->nlmsg_len = NLMSG_LENGTH(4);
	assert_int_equal(tk_nl_parse_addr(h, &index, &a), -EINVAL);
	h = hand_addr(AF_INET, 24);
	attr(h, IFA_LOCAL, &v, 4);
	h->nlmsg_type = RTM_NEWROUTE;
	assert_int_equal(tk_nl_parse_addr(h, &index, &a), -EINVAL);
	/* A cache info of the wrong size. */
	h = hand_addr(AF_INET, 24);
	attr(h, IFA_LOCAL, &v, 4);
	attr(h, IFA_CACHEINFO, &v, 4);
	assert_int_equal(tk_nl_parse_addr(h, &index, &a), -EINVAL);
}

static void hostile_routes(void **state)
{
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	struct tk_route4 r = { .table = RT_TABLE_MAIN, .oif = 1 }, b;
	struct rtattr *rta;
	uint32_t big = 0x80000000U;
	int len;

	(void)state;
	len = tk_nl_route_req(buf, sizeof(buf), RTM_NEWROUTE, 0, 1, &r);
	assert_true(len > 0);
	((struct rtmsg *)NLMSG_DATA(h))->rtm_family = AF_INET6;
	assert_int_equal(tk_nl_parse_route(h, &b), 1);
	((struct rtmsg *)NLMSG_DATA(h))->rtm_family = AF_INET;
	((struct rtmsg *)NLMSG_DATA(h))->rtm_dst_len = 33;
	assert_int_equal(tk_nl_parse_route(h, &b), -EINVAL);
	((struct rtmsg *)NLMSG_DATA(h))->rtm_dst_len = 0;
	assert_int_equal(tk_nl_parse_route(h, &b), 0);
	/* An interface index that is not an int. */
	attr(h, RTA_OIF, &big, 4);
	assert_int_equal(tk_nl_parse_route(h, &b), -EINVAL);
	/* The last attribute cut short by the message's length. */
	len = tk_nl_route_req(buf, sizeof(buf), RTM_NEWROUTE, 0, 1, &r);
	h->nlmsg_len -= 2;
	assert_int_equal(tk_nl_parse_route(h, &b), -EINVAL);
	/* A zero-length attribute (it would loop forever if followed). */
	len = tk_nl_route_req(buf, sizeof(buf), RTM_NEWROUTE, 0, 1, &r);
	rta = (struct rtattr *)((char *)h + NLMSG_SPACE(sizeof(struct rtmsg)));
	rta->rta_len = 0;
	assert_int_equal(tk_nl_parse_route(h, &b), -EINVAL);
	/* A gateway of 2 bytes. */
	len = tk_nl_route_req(buf, sizeof(buf), RTM_NEWROUTE, 0, 1, &r);
	attr(h, RTA_GATEWAY, &big, 2);
	assert_int_equal(tk_nl_parse_route(h, &b), -EINVAL);
}

/* An RTM_NEWLINK answer built by hand. */
static struct nlmsghdr *hand_link(int index, unsigned int type,
				  unsigned int flags)
{
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	struct ifinfomsg *m;

	memset(buf, 0, sizeof(buf));
	h->nlmsg_type = RTM_NEWLINK;
	h->nlmsg_len = NLMSG_LENGTH(sizeof(*m));
	m = NLMSG_DATA(h);
	m->ifi_index = index;
	m->ifi_type = type;
	m->ifi_flags = flags;
	return h;
}

static void attr(struct nlmsghdr *h, uint16_t type, const void *data,
		 uint16_t len);

/* IFLA_LINKINFO with IFLA_INFO_KIND @kind (NUL included) nested. */
static void linkinfo(struct nlmsghdr *h, const char *kind)
{
	char nest[64];
	struct rtattr *k = (struct rtattr *)nest;
	uint16_t klen = strlen(kind) + 1;

	memset(nest, 0, sizeof(nest));
	k->rta_type = IFLA_INFO_KIND;
	k->rta_len = RTA_LENGTH(klen);
	memcpy(RTA_DATA(k), kind, klen);
	attr(h, IFLA_LINKINFO, nest, RTA_SPACE(klen));
}

static void links(void **state)
{
	static const unsigned char mac[6] = { 0x52, 0x54, 0, 0x12, 0x34, 0x0a };
	struct nlmsghdr *h;
	struct tk_netif l;
	uint32_t mtu = 1500, master = 6, big = 0x80000000U;
	int m, len;

	(void)state;
	/* The request: by name, or by index without a name. */
	len = tk_nl_link_req(buf, sizeof(buf), 3, 0, "eth0");
	assert_int_equal(len, NLMSG_LENGTH(sizeof(struct ifinfomsg)) + RTA_LENGTH(5));
	assert_int_equal(((struct nlmsghdr *)buf)->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	len = tk_nl_link_req(buf, sizeof(buf), 3, 7, NULL);
	assert_int_equal(len, NLMSG_LENGTH(sizeof(struct ifinfomsg)));
	assert_int_equal(((struct ifinfomsg *)NLMSG_DATA((struct nlmsghdr *)buf))->ifi_index, 7);
	assert_int_equal(tk_nl_link_req(buf, 20, 3, 0, "eth0"), -ENOSPC);
	len = tk_nl_dump_req(buf, sizeof(buf), RTM_GETLINK, 4);
	assert_int_equal(len, NLMSG_LENGTH(sizeof(struct ifinfomsg)));
	/* A port of bridge 6. */
	h = hand_link(2, 1, 0x1043);
	attr(h, IFLA_IFNAME, "eth0", 5);
	attr(h, IFLA_MTU, &mtu, 4);
	attr(h, IFLA_ADDRESS, mac, 6);
	attr(h, IFLA_MASTER, &master, 4);
	assert_int_equal(tk_nl_parse_link(h, &l, &m), 0);
	assert_int_equal(l.index, 2);
	assert_string_equal(l.name, "eth0");
	assert_int_equal(l.type, 1);
	assert_int_equal(l.flags, 0x1043);
	assert_int_equal(l.mtu, 1500);
	assert_memory_equal(l.mac, mac, 6);
	assert_int_equal(m, 6);
	assert_false(l.is_bridge);
	/* A bridge (its kind), with no master; a veth is not one. */
	h = hand_link(6, 1, 0);
	attr(h, IFLA_IFNAME, "br0", 4);
	linkinfo(h, "bridge");
	assert_int_equal(tk_nl_parse_link(h, &l, &m), 0);
	assert_true(l.is_bridge);
	assert_int_equal(m, 0);
	h = hand_link(6, 1, 0);
	attr(h, IFLA_IFNAME, "veth0", 6);
	linkinfo(h, "veth");
	assert_int_equal(tk_nl_parse_link(h, &l, &m), 0);
	assert_false(l.is_bridge);
	/* Malformed: no name, a name without NUL, a huge MTU or master,
	 * a linkinfo whose nested attribute overruns it, no index. */
	h = hand_link(2, 1, 0);
	assert_int_equal(tk_nl_parse_link(h, &l, &m), -EINVAL);
	attr(h, IFLA_IFNAME, "eth0", 4);
	assert_int_equal(tk_nl_parse_link(h, &l, &m), -EINVAL);
	h = hand_link(2, 1, 0);
	attr(h, IFLA_IFNAME, "eth0", 5);
	attr(h, IFLA_MTU, &big, 4);
	assert_int_equal(tk_nl_parse_link(h, &l, &m), -EINVAL);
	h = hand_link(2, 1, 0);
	attr(h, IFLA_IFNAME, "eth0", 5);
	attr(h, IFLA_MASTER, &big, 4);
	assert_int_equal(tk_nl_parse_link(h, &l, &m), -EINVAL);
	h = hand_link(2, 1, 0);
	attr(h, IFLA_IFNAME, "eth0", 5);
	linkinfo(h, "bridge");
	((struct rtattr *)((char *)h + NLMSG_ALIGN(h->nlmsg_len) - RTA_SPACE(7)))->rta_len = 200;
	assert_int_equal(tk_nl_parse_link(h, &l, &m), -EINVAL);
	h = hand_link(0, 1, 0);
	attr(h, IFLA_IFNAME, "eth0", 5);
	assert_int_equal(tk_nl_parse_link(h, &l, &m), -EINVAL);
	h->nlmsg_type = RTM_NEWADDR;
	assert_int_equal(tk_nl_parse_link(h, &l, &m), -EINVAL);
}

/* A buffer of messages as one recv() gives them. */
static size_t put_msg(size_t at, uint16_t type, uint32_t seq, uint16_t flags,
		      int error)
{
	struct nlmsghdr *h = (struct nlmsghdr *)(buf + at);

	memset(h, 0, NLMSG_SPACE(sizeof(struct nlmsgerr)));
	h->nlmsg_type = type;
	h->nlmsg_seq = seq;
	h->nlmsg_flags = flags;
	if (type == NLMSG_ERROR) {
		h->nlmsg_len = NLMSG_LENGTH(sizeof(struct nlmsgerr));
		((struct nlmsgerr *)NLMSG_DATA(h))->error = error;
	} else if (type == NLMSG_DONE || type == NLMSG_NOOP) {
		h->nlmsg_len = NLMSG_LENGTH(sizeof(int));
	} else {
		struct tk_addr4 a = addr();

		tk_nl_addr_req(buf + at, sizeof(buf) - at, RTM_NEWADDR, 0, seq, 4, &a);
		h->nlmsg_flags = flags;
	}
	return at + NLMSG_ALIGN(h->nlmsg_len);
}

static int seen;

static int count(const struct nlmsghdr *h, void *arg)
{
	struct tk_addr4 a;
	int index;

	(void)arg;
	assert_int_equal(tk_nl_parse_addr(h, &index, &a), 0);
	seen++;
	return 0;
}

static int stop(const struct nlmsghdr *h, void *arg)
{
	(void)h;
	(void)arg;
	return -ENOSPC;
}

static void walk(void **state)
{
	size_t n;

	(void)state;
	/* Two answers, one of another request (skipped), then the end. */
	n = put_msg(0, RTM_NEWADDR, 5, NLM_F_MULTI, 0);
	n = put_msg(n, RTM_NEWADDR, 4, NLM_F_MULTI, 0);
	n = put_msg(n, NLMSG_NOOP, 5, 0, 0);
	n = put_msg(n, RTM_NEWADDR, 5, NLM_F_MULTI, 0);
	seen = 0;
	assert_int_equal(tk_nl_walk(buf, n, 5, count, NULL), 0);	/* more to come */
	assert_int_equal(seen, 2);
	n = put_msg(n, NLMSG_DONE, 5, NLM_F_MULTI, 0);
	seen = 0;
	assert_int_equal(tk_nl_walk(buf, n, 5, count, NULL), 1);
	assert_int_equal(seen, 2);
	/* The callback's error stops the walk. */
	assert_int_equal(tk_nl_walk(buf, n, 5, stop, NULL), -ENOSPC);
	/* A cut message: an error, not a read past the end. */
	seen = 0;
	assert_int_equal(tk_nl_walk(buf, n - 6, 5, count, NULL), -EINVAL);
	/* Acknowledgements and errors. */
	n = put_msg(0, NLMSG_ERROR, 6, 0, 0);
	assert_int_equal(tk_nl_walk(buf, n, 6, NULL, NULL), 1);
	n = put_msg(0, NLMSG_ERROR, 6, 0, -EPERM);
	assert_int_equal(tk_nl_walk(buf, n, 6, NULL, NULL), -EPERM);
	n = put_msg(0, NLMSG_ERROR, 6, 0, 5);
	assert_int_equal(tk_nl_walk(buf, n, 6, NULL, NULL), -EINVAL);
	n = put_msg(0, NLMSG_ERROR, 6, 0, 0);
	((struct nlmsghdr *)buf)->nlmsg_len = NLMSG_LENGTH(2);
	assert_int_equal(tk_nl_walk(buf, n, 6, NULL, NULL), -EINVAL);
	/* A dump a change interrupted: ask again. */
	n = put_msg(0, RTM_NEWADDR, 7, NLM_F_MULTI | NLM_F_DUMP_INTR, 0);
	assert_int_equal(tk_nl_walk(buf, n, 7, count, NULL), -EAGAIN);
	/* A header that claims more than the buffer. */
	n = put_msg(0, NLMSG_DONE, 8, 0, 0);
	((struct nlmsghdr *)buf)->nlmsg_len = 4000;
	assert_int_equal(tk_nl_walk(buf, n, 8, NULL, NULL), -EINVAL);
	assert_int_equal(tk_nl_walk(buf, 0, 8, NULL, NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(addr_round_trip),
		cmocka_unit_test(route_round_trip),
		cmocka_unit_test(no_room),
		cmocka_unit_test(hostile_addrs),
		cmocka_unit_test(hostile_routes),
		cmocka_unit_test(links),
		cmocka_unit_test(walk),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
