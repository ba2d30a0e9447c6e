// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of tkctl share-net's checks and steps (sharenet.c) against a
 * network in memory that behaves as the kernel's does where it matters:
 * a bridge is deleted only when down, deleting an interface's last IPv4
 * address flushes its routes, taking it down flushes them too, a gateway
 * must be on a connected prefix. Every refusal changes nothing, and a
 * failure injected at each step in turn leaves the network exactly as it
 * was.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if_arp.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <linux/rtnetlink.h>

#include "sharenet.h"
#include "tkctl.h"

#define MAXIF 8
#define MAXA 8
#define MAXR 32

struct fif {
	int used;
	struct tk_netif i;
	struct tk_addr4 a[MAXA];
	int na;
};

struct fnet {
	struct fif ifs[MAXIF];
	struct tk_route4 r[MAXR];
	int nr, next_index;
	int calls;		/* changing operations so far */
	int fail_at, fail_from;	/* the call that fails; every call from */
	int fail_err;
};

static struct fnet net;
static char *out_text, *err_text;
static size_t out_len, err_len;

static uint32_t ip(const char *s)
{
	struct in_addr a;

	assert_int_equal(inet_pton(AF_INET, s, &a), 1);
	return a.s_addr;
}

static uint32_t mask(int len)
{
	return len ? htonl(~0U << (32 - len)) : 0;
}

static struct fif *by_name(const char *name)
{
	for (int i = 0; i < MAXIF; i++)
		if (net.ifs[i].used && !strcmp(net.ifs[i].i.name, name))
			return &net.ifs[i];
	return NULL;
}

static struct fif *by_index(int index)
{
	for (int i = 0; i < MAXIF; i++)
		if (net.ifs[i].used && net.ifs[i].i.index == index)
			return &net.ifs[i];
	return NULL;
}

/* A changing operation: does the injected failure hit it? */
static int fails(void)
{
	net.calls++;
	if (net.calls == net.fail_at ||
	    (net.fail_from && net.calls >= net.fail_from))
		return net.fail_err;
	return 0;
}

static struct fif *add_if(const char *name, unsigned int type, int up,
			  int mtu, unsigned char last)
{
	for (int i = 0; i < MAXIF; i++) {
		struct fif *f = &net.ifs[i];

		if (f->used)
			continue;
		memset(f, 0, sizeof(*f));
		f->used = 1;
		f->i.index = ++net.next_index;
		snprintf(f->i.name, sizeof(f->i.name), "%s", name);
		f->i.type = type;
		f->i.flags = up ? IFF_UP : 0;
		f->i.mtu = mtu;
		f->i.mac[0] = 0x52;
		f->i.mac[5] = last;
		return f;
	}
	fail_msg("too many interfaces");
	return NULL;
}

static void del_routes(int oif, int only_src, uint32_t src)
{
	int k = 0;

	for (int i = 0; i < net.nr; i++)
		if (net.r[i].oif != oif ||
		    (only_src && !(net.r[i].has_prefsrc && net.r[i].prefsrc == src)))
			net.r[k++] = net.r[i];
	net.nr = k;
}

static void kernel_route(struct fif *f, const struct tk_addr4 *a)
{
	struct tk_route4 r = {
		.dst = a->local & mask(a->prefixlen), .dst_len = a->prefixlen,
		.prefsrc = a->local, .has_prefsrc = 1,
		.protocol = RTPROT_KERNEL, .scope = RT_SCOPE_LINK,
		.type = RTN_UNICAST, .table = RT_TABLE_MAIN, .oif = f->i.index,
	};

	assert_true(net.nr < MAXR);
	net.r[net.nr++] = r;
}

static int f_get_if(void *ctx, const char *name, struct tk_netif *o)
{
	struct fif *f = by_name(name);

	(void)ctx;
	if (!f)
		return -ENODEV;
	*o = f->i;
	return 0;
}

static int f_if_name(void *ctx, int index, char name[IFNAMSIZ])
{
	struct fif *f = by_index(index);

	(void)ctx;
	if (!f)
		return -ENODEV;
	memcpy(name, f->i.name, IFNAMSIZ);
	return 0;
}

static int f_ports(void *ctx, const char *br, char (*names)[IFNAMSIZ], int max)
{
	int n = 0;

	(void)ctx;
	for (int i = 0; i < MAXIF; i++) {
		if (!net.ifs[i].used || strcmp(net.ifs[i].i.master, br))
			continue;
		if (n == max)
			return -ENOSPC;
		memcpy(names[n++], net.ifs[i].i.name, IFNAMSIZ);
	}
	return n;
}

static int f_bridge_add(void *ctx, const char *name)
{
	struct fif *f;
	int e = fails();

	(void)ctx;
	if (e)
		return e;
	if (by_name(name))
		return -EEXIST;
	f = add_if(name, ARPHRD_ETHER, 0, 1500, 0x99);
	f->i.is_bridge = 1;
	return 0;
}

static int f_bridge_del(void *ctx, const char *name)
{
	struct fif *f = by_name(name);
	int e = fails();

	(void)ctx;
	if (e)
		return e;
	if (!f)
		return -ENXIO;
	if (!f->i.is_bridge)
		return -EPERM;
	if (f->i.flags & IFF_UP)
		return -EBUSY;
	for (int i = 0; i < MAXIF; i++)
		if (net.ifs[i].used && !strcmp(net.ifs[i].i.master, name))
			net.ifs[i].i.master[0] = '\0';
	del_routes(f->i.index, 0, 0);
	f->used = 0;
	return 0;
}

static int f_port_add(void *ctx, const char *br, const char *port)
{
	struct fif *b = by_name(br), *p = by_name(port);
	int e = fails();

	(void)ctx;
	if (e)
		return e;
	if (!b || !p)
		return -ENODEV;
	if (!b->i.is_bridge)
		return -EOPNOTSUPP;
	if (p->i.is_bridge)
		return -ELOOP;
	if (p->i.master[0])
		return -EBUSY;
	if (p->i.type != ARPHRD_ETHER)
		return -EINVAL;
	memcpy(p->i.master, br, strlen(br) + 1);
	return 0;
}

static int f_port_del(void *ctx, const char *br, const char *port)
{
	struct fif *p = by_name(port);
	int e = fails();

	(void)ctx;
	if (e)
		return e;
	if (!p || strcmp(p->i.master, br))
		return -EINVAL;
	p->i.master[0] = '\0';
	return 0;
}

static int f_set_up(void *ctx, const char *name, int up)
{
	struct fif *f = by_name(name);
	int e = fails();

	(void)ctx;
	if (e)
		return e;
	if (!f)
		return -ENODEV;
	if (up && !(f->i.flags & IFF_UP)) {
		f->i.flags |= IFF_UP;
		for (int i = 0; i < f->na; i++)
			kernel_route(f, &f->a[i]);
	} else if (!up && (f->i.flags & IFF_UP)) {
		f->i.flags &= ~IFF_UP;
		del_routes(f->i.index, 0, 0);
	}
	return 0;
}

static int f_set_mtu(void *ctx, const char *name, int mtu)
{
	struct fif *f = by_name(name);
	int e = fails();

	(void)ctx;
	if (e)
		return e;
	if (!f)
		return -ENODEV;
	f->i.mtu = mtu;
	return 0;
}

static int f_set_mac(void *ctx, const char *name, const unsigned char *mac)
{
	struct fif *f = by_name(name);
	int e = fails();

	(void)ctx;
	if (e)
		return e;
	if (!f)
		return -ENODEV;
	memcpy(f->i.mac, mac, 6);
	return 0;
}

static int f_addrs(void *ctx, int index, struct tk_addr4 *o, int max)
{
	struct fif *f = by_index(index);

	(void)ctx;
	if (!f)
		return -ENODEV;
	if (f->na > max)
		return -ENOSPC;
	memcpy(o, f->a, sizeof(*o) * f->na);
	return f->na;
}

static int f_addr_add(void *ctx, int index, const struct tk_addr4 *a)
{
	struct fif *f = by_index(index);
	int e = fails();

	(void)ctx;
	if (e)
		return e;
	if (!f)
		return -ENODEV;
	for (int i = 0; i < f->na; i++)
		if (f->a[i].local == a->local && f->a[i].prefixlen == a->prefixlen)
			return -EEXIST;
	assert_true(f->na < MAXA);
	f->a[f->na++] = *a;
	if (f->i.flags & IFF_UP)
		kernel_route(f, a);
	return 0;
}

static int f_addr_del(void *ctx, int index, const struct tk_addr4 *a)
{
	struct fif *f = by_index(index);
	int e = fails();

	(void)ctx;
	if (e)
		return e;
	if (!f)
		return -ENODEV;
	for (int i = 0; i < f->na; i++) {
		if (f->a[i].local != a->local || f->a[i].prefixlen != a->prefixlen)
			continue;
		memmove(&f->a[i], &f->a[i + 1], sizeof(f->a[0]) * (f->na - i - 1));
		f->na--;
		del_routes(index, 1, a->local);
		if (!f->na)	/* the kernel's fib_disable_ip() */
			del_routes(index, 0, 0);
		return 0;
	}
	return -EADDRNOTAVAIL;
}

static int f_routes(void *ctx, struct tk_route4 *o, int max)
{
	(void)ctx;
	if (net.nr > max)
		return -ENOSPC;
	memcpy(o, net.r, sizeof(*o) * net.nr);
	return net.nr;
}

static int same_route(const struct tk_route4 *a, const struct tk_route4 *b)
{
	return a->dst == b->dst && a->dst_len == b->dst_len &&
	       a->table == b->table && a->oif == b->oif &&
	       a->has_gateway == b->has_gateway &&
	       (!a->has_gateway || a->gateway == b->gateway) &&
	       a->priority == b->priority;
}

static int f_route_add(void *ctx, const struct tk_route4 *r)
{
	struct fif *f = by_index(r->oif);
	int e = fails(), ok = 0;

	(void)ctx;
	if (e)
		return e;
	if (!f)
		return -ENODEV;
	if (!(f->i.flags & IFF_UP))
		return -ENETDOWN;
	for (int i = 0; r->has_gateway && i < f->na; i++)
		ok |= (f->a[i].local & mask(f->a[i].prefixlen)) ==
		      (r->gateway & mask(f->a[i].prefixlen));
	if (r->has_gateway && !ok)
		return -ENETUNREACH;
	for (int i = 0; i < net.nr; i++)
		if (same_route(&net.r[i], r))
			return -EEXIST;
	assert_true(net.nr < MAXR);
	net.r[net.nr++] = *r;
	return 0;
}

static int f_route_del(void *ctx, const struct tk_route4 *r)
{
	int e = fails();

	(void)ctx;
	if (e)
		return e;
	for (int i = 0; i < net.nr; i++) {
		if (!same_route(&net.r[i], r))
			continue;
		memmove(&net.r[i], &net.r[i + 1], sizeof(net.r[0]) * (net.nr - i - 1));
		net.nr--;
		return 0;
	}
	return -ESRCH;
}

static const struct tk_net_ops fops = {
	.get_if = f_get_if, .if_name = f_if_name, .ports = f_ports,
	.bridge_add = f_bridge_add, .bridge_del = f_bridge_del,
	.port_add = f_port_add, .port_del = f_port_del,
	.set_up = f_set_up, .set_mtu = f_set_mtu, .set_mac = f_set_mac,
	.addrs = f_addrs, .addr_add = f_addr_add, .addr_del = f_addr_del,
	.routes = f_routes, .route_add = f_route_add,
	.route_del = f_route_del,
};

static void add_addr(struct fif *f, const char *a, int len, const char *label)
{
	struct tk_addr4 x = {
		.local = ip(a), .address = ip(a), .prefixlen = len,
		.valid_lft = ~0U, .preferred_lft = ~0U,
		.broadcast = ip(a) | ~mask(len), .has_broadcast = 1,
	};

	snprintf(x.label, sizeof(x.label), "%s", label);
	assert_int_equal(f_addr_add(NULL, f->i.index, &x), 0);
}

static void add_route(struct fif *f, const char *dst, int len, const char *gw,
		      uint8_t proto, uint32_t table)
{
	struct tk_route4 r = {
		.dst = ip(dst), .dst_len = len, .protocol = proto,
		.scope = gw ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK,
		.type = RTN_UNICAST, .table = table, .oif = f->i.index,
	};

	if (gw) {
		r.gateway = ip(gw);
		r.has_gateway = 1;
	}
	assert_int_equal(f_route_add(NULL, &r), 0);
}

/*
 * The machine of the end-to-end test, and more: lo, eth0 (up, a primary
 * and a labelled secondary address, a default route from DHCP and a
 * static route through a second gateway), twin0 (up, as the twin's
 * start leaves it), a second NIC eth1 without addresses.
 */
static void machine(void)
{
	struct fif *lo, *eth0, *twin;

	memset(&net, 0, sizeof(net));
	lo = add_if("lo", ARPHRD_LOOPBACK, 1, 65536, 0);
	add_addr(lo, "127.0.0.1", 8, "lo");
	eth0 = add_if("eth0", ARPHRD_ETHER, 1, 1500, 0x0a);
	add_addr(eth0, "10.0.2.15", 24, "eth0");
	add_addr(eth0, "10.0.3.7", 24, "eth0:1");
	add_route(eth0, "0.0.0.0", 0, "10.0.2.2", RTPROT_BOOT, RT_TABLE_MAIN);
	add_route(eth0, "192.168.9.0", 24, "10.0.3.1", RTPROT_STATIC, RT_TABLE_MAIN);
	twin = add_if(TK_TWIN_IF, ARPHRD_ETHER, 1, 1500, 0xa0);
	twin->i.mac[0] = 0x02;
	add_if("eth1", ARPHRD_ETHER, 1, 1500, 0x0b);
	net.calls = 0;
}

/* The whole network as text in @buf, routes in a canonical order. */
#define SNAP 8192
typedef char snap_t[SNAP];

static int cmp_line(const void *x, const void *y)
{
	return strcmp(x, y);
}

static char *snapshot(char *buf)
{
	static char lines[MAXR][128];
	size_t n = 0;

	for (int k = 0; k < MAXIF; k++) {
		const struct fif *f = &net.ifs[k];

		if (!f->used)
			continue;
		n += snprintf(buf + n, SNAP - n,
			      "%s#%d up=%d mtu=%d mac=%02x..%02x master=%s br=%d;",
			      f->i.name, f->i.index, !!(f->i.flags & IFF_UP),
			      f->i.mtu, f->i.mac[0], f->i.mac[5], f->i.master,
			      f->i.is_bridge);
		for (int i = 0; i < f->na; i++)
			n += snprintf(buf + n, SNAP - n, " %08x/%d %s",
				      f->a[i].local, f->a[i].prefixlen,
				      f->a[i].label);
		n += snprintf(buf + n, SNAP - n, "\n");
	}
	for (int i = 0; i < net.nr; i++)
		snprintf(lines[i], sizeof(lines[i]),
			 "route %08x/%d gw=%d:%08x oif=%d proto=%d table=%u\n",
			 net.r[i].dst, net.r[i].dst_len, net.r[i].has_gateway,
			 net.r[i].gateway, net.r[i].oif, net.r[i].protocol,
			 net.r[i].table);
	qsort(lines, net.nr, sizeof(lines[0]), cmp_line);
	for (int i = 0; i < net.nr; i++)
		n += snprintf(buf + n, SNAP - n, "%s", lines[i]);
	return buf;
}

static int run(int on, const char *nic, const char *br)
{
	FILE *o = open_memstream(&out_text, &out_len);
	FILE *e = open_memstream(&err_text, &err_len);
	struct tk_share s = {
		.ops = &fops, .nic = nic, .bridge = br, .out = o, .err = e,
	};
	int ret;

	assert_non_null(o);
	assert_non_null(e);
	free(out_text);
	free(err_text);
	out_text = err_text = NULL;
	ret = on ? tk_share_on(&s) : tk_share_off(&s);
	fclose(o);
	fclose(e);
	return ret;
}

static void says(const char *text, const char *what)
{
	if (!strstr(text, what))
		fail_msg("expected \"%s\" in:\n%s", what, text);
}

/* The route of @table to @dst/@len through @dev, or NULL. */
static const struct tk_route4 *route_to(const char *dst, int len,
					const char *dev)
{
	const struct fif *f = by_name(dev);

	for (int i = 0; f && i < net.nr; i++)
		if (net.r[i].dst == ip(dst) && net.r[i].dst_len == len &&
		    net.r[i].oif == f->i.index && net.r[i].table == RT_TABLE_MAIN)
			return &net.r[i];
	return NULL;
}

static void on_moves_addresses_and_routes(void **state)
{
	struct fif *br, *eth0, *twin;
	const struct tk_route4 *def;

	(void)state;
	machine();
	by_name(TK_TWIN_IF)->i.mtu = 9000;
	by_name(TK_TWIN_IF)->i.flags = 0;
	/* No --dev: the NIC of the default route. */
	assert_int_equal(run(1, NULL, NULL), TK_EXIT_OK);
	br = by_name("br0");
	eth0 = by_name("eth0");
	twin = by_name(TK_TWIN_IF);
	assert_non_null(br);
	assert_true(br->i.is_bridge);
	assert_true(br->i.flags & IFF_UP);
	/* The NIC's MAC, not the bridge's own or twin0's. */
	assert_memory_equal(br->i.mac, eth0->i.mac, 6);
	assert_string_equal(eth0->i.master, "br0");
	assert_string_equal(twin->i.master, "br0");
	assert_true(twin->i.flags & IFF_UP);
	assert_int_equal(twin->i.mtu, 1500);
	/* Addresses in the same order, the alias's label renamed. */
	assert_int_equal(eth0->na, 0);
	assert_int_equal(br->na, 2);
	assert_int_equal(br->a[0].local, ip("10.0.2.15"));
	assert_string_equal(br->a[0].label, "br0");
	assert_int_equal(br->a[1].local, ip("10.0.3.7"));
	assert_string_equal(br->a[1].label, "br0:1");
	/* Routes: the default and the static one through br0, none left on
	 * eth0, the prefixes the kernel's. */
	def = route_to("0.0.0.0", 0, "br0");
	assert_non_null(def);
	assert_int_equal(def->gateway, ip("10.0.2.2"));
	assert_int_equal(def->protocol, RTPROT_BOOT);
	assert_non_null(route_to("192.168.9.0", 24, "br0"));
	assert_non_null(route_to("10.0.2.0", 24, "br0"));
	for (int i = 0; i < net.nr; i++)
		assert_int_not_equal(net.r[i].oif, eth0->i.index);
	says(out_text, "bridge br0: ports eth0 and twin0, MAC 52:00:00:00:00:0a (eth0's), MTU 1500");
	says(out_text, "moved from eth0 to br0: 10.0.2.15/24 10.0.3.7/24, route default via 10.0.2.2, route 192.168.9.0/24 via 10.0.3.1");
	assert_int_equal(err_len, 0);
}

/* On then off: the network is as it was (twin0 was up with the NIC's MTU). */
static void off_restores(void **state)
{
	snap_t before, now;

	(void)state;
	machine();
	snapshot(before);
	assert_int_equal(run(1, "eth0", "tkbr"), TK_EXIT_OK);
	assert_int_equal(run(0, NULL, "tkbr"), TK_EXIT_OK);
	says(out_text, "moved from tkbr to eth0: 10.0.2.15/24 10.0.3.7/24, route default via 10.0.2.2");
	says(out_text, "bridge tkbr deleted");
	assert_null(by_name("tkbr"));
	assert_string_equal(snapshot(now), before);
	assert_string_equal(by_name("eth0")->a[1].label, "eth0:1");
}

/* A failure at each changing step of "on" in turn: everything undone. */
static void on_fails_anywhere_nothing_changes(void **state)
{
	snap_t before, now;
	int steps;

	(void)state;
	machine();
	by_name(TK_TWIN_IF)->i.mtu = 9000;
	by_name(TK_TWIN_IF)->i.flags = 0;
	assert_int_equal(run(1, NULL, NULL), TK_EXIT_OK);
	steps = net.calls;
	assert_true(steps >= 12);
	for (int k = 1; k <= steps; k++) {
		machine();
		by_name(TK_TWIN_IF)->i.mtu = 9000;
		by_name(TK_TWIN_IF)->i.flags = 0;
		snapshot(before);
		net.fail_at = k;
		net.fail_err = -EIO;
		assert_int_equal(run(1, NULL, NULL), TK_EXIT_FAIL);
		if (strcmp(snapshot(now), before))
			fail_msg("failure at step %d of %d: the network changed:\n%s\nwas:\n%s\nerr: %s",
				 k, steps, now, before, err_text);
		says(err_text, "Input/output error");
		says(err_text, "nothing changed");
	}
}

static void off_fails_anywhere_nothing_changes(void **state)
{
	snap_t shared, now;
	int steps;

	(void)state;
	machine();
	assert_int_equal(run(1, NULL, NULL), TK_EXIT_OK);
	snapshot(shared);
	net.calls = 0;
	assert_int_equal(run(0, NULL, NULL), TK_EXIT_OK);
	steps = net.calls;
	assert_true(steps >= 7);
	for (int k = 1; k <= steps; k++) {
		machine();
		assert_int_equal(run(1, NULL, NULL), TK_EXIT_OK);
		net.calls = 0;
		net.fail_at = k;
		net.fail_err = -EBUSY;
		assert_int_equal(run(0, NULL, NULL), TK_EXIT_FAIL);
		if (strcmp(snapshot(now), shared))
			fail_msg("failure at step %d of %d: the network changed:\n%s\nwas:\n%s\nerr: %s",
				 k, steps, now, shared, err_text);
		says(err_text, "nothing changed");
	}
}

/* When the undo fails too, it says so instead of "nothing changed". */
static void undo_failure_is_told(void **state)
{
	(void)state;
	machine();
	net.fail_from = 4;	/* the second port and everything after */
	net.fail_err = -ENOMEM;
	assert_int_equal(run(1, NULL, NULL), TK_EXIT_FAIL);
	says(err_text, "adding twin0 to br0: Cannot allocate memory");
	says(err_text, "could not undo: taking the NIC out of br0");
	says(err_text, "undone as far as possible");
}

/* Each refusal: its exit status and message, and no change at all. */
static void expect_refused(int on, const char *nic, const char *br, int code,
			   const char *msg)
{
	snap_t before, now;

	snapshot(before);
	net.calls = 0;
	assert_int_equal(run(on, nic, br), code);
	says(err_text, msg);
	assert_int_equal(net.calls, 0);
	assert_string_equal(snapshot(now), before);
	assert_int_equal(out_len, 0);
}

static void refusals_on(void **state)
{
	(void)state;
	machine();
	expect_refused(1, "eth0", "a/b", TK_EXIT_USAGE, "--bridge 'a/b': not an interface name");
	expect_refused(1, "eth0", "", TK_EXIT_USAGE, "--bridge '': not an interface name");
	expect_refused(1, "eth0", "bridge-name-too-long", TK_EXIT_USAGE, "not an interface name");
	expect_refused(1, "et h0", NULL, TK_EXIT_USAGE, "--dev 'et h0': not an interface name");
	expect_refused(1, TK_TWIN_IF, NULL, TK_EXIT_USAGE, "--dev twin0: name the NIC to share with the twin, not twin0");
	expect_refused(1, "eth0", "eth0", TK_EXIT_USAGE, "--bridge eth0: the bridge needs a name of its own");
	expect_refused(1, "eth0", TK_TWIN_IF, TK_EXIT_USAGE, "--bridge twin0");
	expect_refused(1, "eth9", NULL, TK_EXIT_FAIL, "eth9: no such network interface");
	expect_refused(1, "lo", NULL, TK_EXIT_FAIL, "lo is not an Ethernet interface (type 772)");
	expect_refused(1, "eth0", "eth1", TK_EXIT_FAIL, "eth1 already exists: give the bridge another name with --bridge");
	/* No default route and no --dev. */
	net.nr = 0;
	expect_refused(1, NULL, NULL, TK_EXIT_FAIL, "no IPv4 default route to find the NIC by: name it with --dev");
	/* No twin0: this kernel has no channel. */
	machine();
	by_name(TK_TWIN_IF)->used = 0;
	expect_refused(1, "eth0", NULL, TK_EXIT_FAIL, "twin0: no such network interface (this kernel has no channel");
	/* Shared already: twin0 and the NIC are ports. */
	machine();
	assert_int_equal(run(1, NULL, NULL), TK_EXIT_OK);
	expect_refused(1, "eth0", "br1", TK_EXIT_FAIL, "twin0 is already a port of br0 (undo: tkctl share-net --off --bridge br0)");
	expect_refused(1, NULL, NULL, TK_EXIT_FAIL, "twin0 is already a port of br0");
	/* The NIC in another bridge, or a bridge itself. */
	machine();
	assert_int_equal(f_bridge_add(NULL, "br5"), 0);
	assert_int_equal(f_port_add(NULL, "br5", "eth1"), 0);
	expect_refused(1, "eth1", NULL, TK_EXIT_FAIL, "eth1 is already a port of br5");
	expect_refused(1, "br5", NULL, TK_EXIT_FAIL, "br5 is a bridge: name its NIC with --dev (or add twin0 to br5 yourself: brctl addif br5 twin0)");
}

static void refusals_off(void **state)
{
	(void)state;
	machine();
	expect_refused(0, NULL, NULL, TK_EXIT_FAIL, "br0: no such network interface (nothing to undo)");
	expect_refused(0, NULL, "eth0", TK_EXIT_FAIL, "eth0 is not a bridge");
	expect_refused(0, NULL, "a b", TK_EXIT_USAGE, "not an interface name");
	/* A bridge that is not share-net's (no twin0 in it). */
	assert_int_equal(f_bridge_add(NULL, "br0"), 0);
	assert_int_equal(f_port_add(NULL, "br0", "eth1"), 0);
	expect_refused(0, NULL, NULL, TK_EXIT_FAIL, "twin0 is not a port of br0: not a bridge of tkctl share-net");
	/* twin0 alone in it. */
	machine();
	assert_int_equal(f_bridge_add(NULL, "br0"), 0);
	assert_int_equal(f_port_add(NULL, "br0", TK_TWIN_IF), 0);
	expect_refused(0, NULL, NULL, TK_EXIT_FAIL, "br0 has no port but twin0");
	/* Two NICs in it: which one? */
	machine();
	assert_int_equal(run(1, NULL, NULL), TK_EXIT_OK);
	assert_int_equal(f_port_add(NULL, "br0", "eth1"), 0);
	expect_refused(0, NULL, NULL, TK_EXIT_FAIL, "br0 has more ports than twin0: eth0 eth1: name the NIC with --dev");
	expect_refused(0, "eth7", NULL, TK_EXIT_FAIL, "eth7 is not a port of br0 (its ports: eth0 eth1 twin0)");
	/* With --dev it is clear. */
	assert_int_equal(run(0, "eth0", NULL), TK_EXIT_OK);
	assert_int_equal(by_name("eth0")->na, 2);
	assert_null(by_name("br0"));
	assert_string_equal(by_name("eth1")->i.master, "");
}

static void names_and_routes(void **state)
{
	struct tk_route4 r = {
		.oif = 2, .table = RT_TABLE_MAIN, .type = RTN_UNICAST,
		.protocol = RTPROT_BOOT,
	};

	(void)state;
	assert_int_equal(tk_ifname_valid("br0"), 0);
	assert_int_equal(tk_ifname_valid("a-b_c.15chars__"), 0);
	assert_int_equal(tk_ifname_valid("a-b_c.16chars___"), -EINVAL);
	assert_int_equal(tk_ifname_valid(""), -EINVAL);
	assert_int_equal(tk_ifname_valid("."), -EINVAL);
	assert_int_equal(tk_ifname_valid(".."), -EINVAL);
	assert_int_equal(tk_ifname_valid("br:0"), -EINVAL);
	assert_int_equal(tk_ifname_valid("br\t0"), -EINVAL);
	assert_true(tk_route_movable(&r, 2));
	assert_false(tk_route_movable(&r, 3));
	assert_false(tk_route_movable(&r, 0));
	r.protocol = RTPROT_KERNEL;	/* comes back with the address */
	assert_false(tk_route_movable(&r, 2));
	r.protocol = RTPROT_STATIC;
	r.table = RT_TABLE_LOCAL;
	assert_false(tk_route_movable(&r, 2));
	r.table = RT_TABLE_MAIN;
	r.type = RTN_BLACKHOLE;
	assert_false(tk_route_movable(&r, 2));
}

static int teardown(void **state)
{
	(void)state;
	free(out_text);
	free(err_text);
	out_text = err_text = NULL;
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(on_moves_addresses_and_routes, teardown),
		cmocka_unit_test_teardown(off_restores, teardown),
		cmocka_unit_test_teardown(on_fails_anywhere_nothing_changes, teardown),
		cmocka_unit_test_teardown(off_fails_anywhere_nothing_changes, teardown),
		cmocka_unit_test_teardown(undo_failure_is_told, teardown),
		cmocka_unit_test_teardown(refusals_on, teardown),
		cmocka_unit_test_teardown(refusals_off, teardown),
		cmocka_unit_test(names_and_routes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
