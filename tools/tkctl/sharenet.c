// SPDX-License-Identifier: GPL-2.0
/*
 * tkctl share-net's checks and steps, over a table of operations (see
 * sharenet.h). Everything is checked before the first change; a step that
 * fails undoes the steps before it, in reverse order, and says so.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if_arp.h>
#include <stdarg.h>
#include <string.h>

#include <linux/rtnetlink.h>

#include "sharenet.h"
#include "tkctl.h"

static void say_err(const struct tk_share *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void say_err(const struct tk_share *s, const char *fmt, ...)
{
	va_list ap;

	fputs("tkctl share-net: ", s->err);
	va_start(ap, fmt);
	vfprintf(s->err, fmt, ap);
	va_end(ap);
	fputc('\n', s->err);
}

int tk_ifname_valid(const char *name)
{
	size_t len = strlen(name);

	/* The kernel's dev_valid_name(). */
	if (!len || len >= IFNAMSIZ || !strcmp(name, ".") || !strcmp(name, ".."))
		return -EINVAL;
	for (const char *p = name; *p; p++)
		if (*p == '/' || *p == ':' || *p == ' ' || *p == '\t' ||
		    *p == '\n' || *p == '\r' || *p == '\f' || *p == '\v')
			return -EINVAL;
	return 0;
}

int tk_route_movable(const struct tk_route4 *r, int oif)
{
	/* The kernel's own routes come back with the addresses. */
	return r->oif == oif && oif > 0 && r->table == RT_TABLE_MAIN &&
	       r->type == RTN_UNICAST && r->protocol != RTPROT_KERNEL;
}

static void fmt_ip(uint32_t ip, char *buf)
{
	struct in_addr in = { .s_addr = ip };

	inet_ntop(AF_INET, &in, buf, INET_ADDRSTRLEN);
}

static void fmt_addr(const struct tk_addr4 *a, char *buf, size_t len)
{
	char ip[INET_ADDRSTRLEN];

	fmt_ip(a->local, ip);
	snprintf(buf, len, "%s/%u", ip, a->prefixlen);
}

static void fmt_route(const struct tk_route4 *r, char *buf, size_t len)
{
	char dst[INET_ADDRSTRLEN], gw[INET_ADDRSTRLEN];
	int n;

	fmt_ip(r->dst, dst);
	if (r->dst_len)
		n = snprintf(buf, len, "%s/%u", dst, r->dst_len);
	else
		n = snprintf(buf, len, "default");
	if (r->has_gateway && n >= 0 && (size_t)n < len) {
		fmt_ip(r->gateway, gw);
		n += snprintf(buf + n, len - n, " via %s", gw);
	}
	if (r->has_priority && n >= 0 && (size_t)n < len)
		snprintf(buf + n, len - n, " metric %u", r->priority);
}

/* The address's label on the other interface: "eth0:1" -> "br0:1". */
static void relabel(struct tk_addr4 *a, const char *from, const char *to)
{
	size_t flen = strlen(from);
	char label[IFNAMSIZ];
	int n = -1;

	if (!strncmp(a->label, from, flen) && a->label[flen] == ':')
		n = snprintf(label, sizeof(label), "%s%s", to, a->label + flen);
	if (n < 0 || (size_t)n >= sizeof(label))
		snprintf(label, sizeof(label), "%s", to);
	memcpy(a->label, label, sizeof(label));
}

/*
 * The routes to move with interface @oif's addresses, those without a
 * gateway first (a gateway must be reachable when its route is added).
 */
static int movable_routes(const struct tk_share *s, int oif,
			  struct tk_route4 *out, int max)
{
	static struct tk_route4 all[TK_NET_MAX_ROUTES];
	int n = s->ops->routes(s->ctx, all, TK_NET_MAX_ROUTES), k = 0;

	if (n < 0)
		return n;
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 0; i < n; i++) {
			if (!tk_route_movable(&all[i], oif) ||
			    all[i].has_gateway != pass)
				continue;
			if (k == max)
				return -ENOSPC;
			out[k++] = all[i];
		}
	}
	return k;
}

/* The interface of the main table's IPv4 default route with the lowest
 * metric, in @name; -ENOENT when there is none. */
static int default_route_if(const struct tk_share *s, char name[IFNAMSIZ])
{
	static struct tk_route4 all[TK_NET_MAX_ROUTES];
	int n = s->ops->routes(s->ctx, all, TK_NET_MAX_ROUTES);
	const struct tk_route4 *best = NULL;

	if (n < 0)
		return n;
	for (int i = 0; i < n; i++) {
		const struct tk_route4 *r = &all[i];

		if (r->table != RT_TABLE_MAIN || r->dst_len ||
		    r->type != RTN_UNICAST || r->oif <= 0)
			continue;
		if (!best || r->priority < best->priority)
			best = r;
	}
	if (!best)
		return -ENOENT;
	return s->ops->if_name(s->ctx, best->oif, name);
}

/* The names the user gave: usage errors, before anything is looked at. */
static int check_names(const struct tk_share *s, const char *br)
{
	if (tk_ifname_valid(br)) {
		say_err(s, "--bridge '%s': not an interface name (1 to %d characters, no '/', ':' or spaces)",
			br, IFNAMSIZ - 1);
		return TK_EXIT_USAGE;
	}
	if (s->nic && tk_ifname_valid(s->nic)) {
		say_err(s, "--dev '%s': not an interface name", s->nic);
		return TK_EXIT_USAGE;
	}
	if (s->nic && !strcmp(s->nic, TK_TWIN_IF)) {
		say_err(s, "--dev %s: name the NIC to share with the twin, not %s",
			TK_TWIN_IF, TK_TWIN_IF);
		return TK_EXIT_USAGE;
	}
	if (!strcmp(br, TK_TWIN_IF) || (s->nic && !strcmp(br, s->nic))) {
		say_err(s, "--bridge %s: the bridge needs a name of its own", br);
		return TK_EXIT_USAGE;
	}
	return 0;
}

/* Look interface @name up, or say why not ("@name: ..."). */
static int get_if(const struct tk_share *s, const char *name,
		  struct tk_netif *out, const char *hint)
{
	int ret = s->ops->get_if(s->ctx, name, out);

	if (ret == -ENODEV)
		say_err(s, "%s: no such network interface%s", name, hint);
	else if (ret)
		say_err(s, "%s: %s", name, strerror(-ret));
	return ret;
}

static const char twin_hint[] =
	" (this kernel has no channel to a twin: no twin memory reserved, or built without CONFIG_TWIN_KERNEL)";

/* What was done, for the undo. */
struct on_done {
	int bridge, nic_port, twin_port, twin_mtu, twin_up, nic_up, br_up;
	int nic_addrs_gone;	/* a NIC address or route was deleted */
};

static int undo_step(const struct tk_share *s, int ret, const char *what,
		     const char *name)
{
	if (ret && ret != -EEXIST && ret != -ESRCH && ret != -EADDRNOTAVAIL) {
		say_err(s, "could not undo: %s %s: %s", what, name,
			strerror(-ret));
		return 1;
	}
	return 0;
}

static void on_undo(const struct tk_share *s, const struct on_done *d,
		    const char *br, const struct tk_netif *nic,
		    const struct tk_netif *twin, const struct tk_addr4 *addrs,
		    int naddr, const struct tk_route4 *routes, int nroute)
{
	const struct tk_net_ops *o = s->ops;
	int bad = 0;

	if (d->nic_addrs_gone) {
		for (int i = 0; i < naddr; i++)
			bad |= undo_step(s, o->addr_add(s->ctx, nic->index, &addrs[i]),
					 "adding an address back to", nic->name);
		for (int i = 0; i < nroute; i++)
			bad |= undo_step(s, o->route_add(s->ctx, &routes[i]),
					 "adding a route back to", nic->name);
	}
	if (d->br_up)
		bad |= undo_step(s, o->set_up(s->ctx, br, 0), "taking down", br);
	if (d->twin_port)
		bad |= undo_step(s, o->port_del(s->ctx, br, TK_TWIN_IF),
				 "taking " TK_TWIN_IF " out of", br);
	if (d->nic_port)
		bad |= undo_step(s, o->port_del(s->ctx, br, nic->name),
				 "taking the NIC out of", br);
	if (d->nic_up)
		bad |= undo_step(s, o->set_up(s->ctx, nic->name, 0),
				 "taking down", nic->name);
	if (d->twin_up)
		bad |= undo_step(s, o->set_up(s->ctx, TK_TWIN_IF, 0),
				 "taking down", TK_TWIN_IF);
	if (d->twin_mtu)
		bad |= undo_step(s, o->set_mtu(s->ctx, TK_TWIN_IF, twin->mtu),
				 "setting the MTU back of", TK_TWIN_IF);
	if (d->bridge)
		bad |= undo_step(s, o->bridge_del(s->ctx, br), "deleting", br);
	say_err(s, bad ? "undone as far as possible: see the lines above" :
		"every step before was undone: nothing changed");
}

/* One step of tk_share_on()/off(): on failure, say what failed. */
static int step(const struct tk_share *s, int ret, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int step(const struct tk_share *s, int ret, const char *fmt, ...)
{
	char what[160];
	va_list ap;

	if (ret >= 0)
		return 0;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	say_err(s, "%s: %s", what, strerror(-ret));
	return -1;
}

static void print_moved(const struct tk_share *s, const char *from,
			const char *to, const struct tk_addr4 *addrs, int naddr,
			const struct tk_route4 *routes, int nroute)
{
	char buf[96];

	fprintf(s->out, "moved from %s to %s:", from, to);
	for (int i = 0; i < naddr; i++) {
		fmt_addr(&addrs[i], buf, sizeof(buf));
		fprintf(s->out, " %s", buf);
	}
	for (int i = 0; i < nroute; i++) {
		fmt_route(&routes[i], buf, sizeof(buf));
		fprintf(s->out, "%s route %s", i || naddr ? "," : "", buf);
	}
	if (!naddr && !nroute)
		fprintf(s->out, " no IPv4 address or route");
	fputc('\n', s->out);
}

int tk_share_on(const struct tk_share *s)
{
	static struct tk_addr4 addrs[TK_NET_MAX_ADDRS];
	static struct tk_route4 routes[TK_NET_MAX_ROUTES], left[TK_NET_MAX_ROUTES];
	const struct tk_net_ops *o = s->ops;
	const char *br = s->bridge ? s->bridge : TK_SHARE_BRIDGE;
	struct tk_netif twin, nic, bridge;
	struct on_done d = { 0 };
	char nicname[IFNAMSIZ];
	int naddr, nroute, nleft, ret;

	ret = check_names(s, br);
	if (ret)
		return ret;
	if (get_if(s, TK_TWIN_IF, &twin, twin_hint))
		return TK_EXIT_FAIL;
	if (twin.master[0]) {
		say_err(s, "%s is already a port of %s (undo: tkctl share-net --off --bridge %s)",
			TK_TWIN_IF, twin.master, twin.master);
		return TK_EXIT_FAIL;
	}
	if (s->nic) {
		snprintf(nicname, sizeof(nicname), "%s", s->nic);
	} else {
		ret = default_route_if(s, nicname);
		if (ret) {
			say_err(s, ret == -ENOENT ?
				"no IPv4 default route to find the NIC by: name it with --dev" :
				"finding the default route's NIC: %s", strerror(-ret));
			return TK_EXIT_FAIL;
		}
		if (!strcmp(nicname, TK_TWIN_IF)) {
			say_err(s, "the default route goes over %s: name the NIC with --dev",
				TK_TWIN_IF);
			return TK_EXIT_FAIL;
		}
	}
	if (get_if(s, nicname, &nic, ""))
		return TK_EXIT_FAIL;
	if (nic.is_bridge) {
		say_err(s, "%s is a bridge: name its NIC with --dev (or add %s to %s yourself: brctl addif %s %s)",
			nic.name, TK_TWIN_IF, nic.name, nic.name, TK_TWIN_IF);
		return TK_EXIT_FAIL;
	}
	if (nic.master[0]) {
		say_err(s, "%s is already a port of %s", nic.name, nic.master);
		return TK_EXIT_FAIL;
	}
	if (nic.type != ARPHRD_ETHER) {
		say_err(s, "%s is not an Ethernet interface (type %u): it cannot be bridged",
			nic.name, nic.type);
		return TK_EXIT_FAIL;
	}
	ret = o->get_if(s->ctx, br, &bridge);
	if (!ret) {
		say_err(s, "%s already exists: give the bridge another name with --bridge", br);
		return TK_EXIT_FAIL;
	}
	if (ret != -ENODEV) {
		say_err(s, "%s: %s", br, strerror(-ret));
		return TK_EXIT_FAIL;
	}
	naddr = o->addrs(s->ctx, nic.index, addrs, TK_NET_MAX_ADDRS);
	if (naddr < 0) {
		say_err(s, "%s: reading its IPv4 addresses: %s", nic.name,
			strerror(-naddr));
		return TK_EXIT_FAIL;
	}
	nroute = movable_routes(s, nic.index, routes, TK_NET_MAX_ROUTES);
	if (nroute < 0) {
		say_err(s, "reading the IPv4 routes: %s", strerror(-nroute));
		return TK_EXIT_FAIL;
	}

	/* Checked: from here on, a failure undoes what was done. */
	ret = o->bridge_add(s->ctx, br);
	if (step(s, ret, "creating bridge %s%s", br, ret == -ENOPKG ?
		 " (a kernel without CONFIG_BRIDGE?)" : "")) {
		say_err(s, "nothing changed");
		return TK_EXIT_FAIL;
	}
	d.bridge = 1;
	/* The NIC's MAC, not the lowest of its ports' (twin0's): the
	 * network keeps seeing this kernel at the same address. */
	if (step(s, o->set_mac(s->ctx, br, nic.mac), "giving %s the MAC address of %s", br, nic.name))
		goto undo;
	if (step(s, o->port_add(s->ctx, br, nic.name), "adding %s to %s", nic.name, br))
		goto undo;
	d.nic_port = 1;
	if (step(s, o->port_add(s->ctx, br, TK_TWIN_IF), "adding %s to %s", TK_TWIN_IF, br))
		goto undo;
	d.twin_port = 1;
	/* Frames from the twin must fit the NIC. */
	if (twin.mtu != nic.mtu) {
		if (step(s, o->set_mtu(s->ctx, TK_TWIN_IF, nic.mtu),
			 "setting the MTU of %s to %d (the NIC's)", TK_TWIN_IF, nic.mtu))
			goto undo;
		d.twin_mtu = 1;
	}
	if (!(twin.flags & IFF_UP)) {
		if (step(s, o->set_up(s->ctx, TK_TWIN_IF, 1), "bringing %s up", TK_TWIN_IF))
			goto undo;
		d.twin_up = 1;
	}
	if (!(nic.flags & IFF_UP)) {
		if (step(s, o->set_up(s->ctx, nic.name, 1), "bringing %s up", nic.name))
			goto undo;
		d.nic_up = 1;
	}
	if (step(s, o->set_up(s->ctx, br, 1), "bringing %s up", br))
		goto undo;
	d.br_up = 1;
	if (step(s, o->get_if(s->ctx, br, &bridge), "%s", br))
		goto undo;
	fprintf(s->out, "bridge %s: ports %s and %s, MAC %02x:%02x:%02x:%02x:%02x:%02x (%s's), MTU %d\n",
		br, nic.name, TK_TWIN_IF, nic.mac[0], nic.mac[1], nic.mac[2],
		nic.mac[3], nic.mac[4], nic.mac[5], nic.name, nic.mtu);
	for (int i = 0; i < naddr; i++) {
		struct tk_addr4 a = addrs[i];
		char buf[48];

		relabel(&a, nic.name, br);
		fmt_addr(&a, buf, sizeof(buf));
		if (step(s, o->addr_add(s->ctx, bridge.index, &a), "adding %s to %s", buf, br))
			goto undo;
	}
	for (int i = 0; i < nroute; i++) {
		struct tk_route4 r = routes[i];
		char buf[96];

		r.oif = bridge.index;
		fmt_route(&r, buf, sizeof(buf));
		if (step(s, o->route_add(s->ctx, &r), "adding route %s dev %s", buf, br))
			goto undo;
	}
	/* Secondaries first: deleting a primary would take them along. */
	for (int i = naddr - 1; i >= 0; i--) {
		char buf[48];

		fmt_addr(&addrs[i], buf, sizeof(buf));
		d.nic_addrs_gone = 1;
		ret = o->addr_del(s->ctx, nic.index, &addrs[i]);
		if (ret != -EADDRNOTAVAIL &&
		    step(s, ret, "deleting %s from %s", buf, nic.name))
			goto undo;
	}
	/* Routes the kernel did not take away with the addresses. */
	nleft = movable_routes(s, nic.index, left, TK_NET_MAX_ROUTES);
	if (step(s, nleft, "reading the IPv4 routes"))
		goto undo;
	for (int i = 0; i < nleft; i++) {
		char buf[96];

		fmt_route(&left[i], buf, sizeof(buf));
		d.nic_addrs_gone = 1;
		ret = o->route_del(s->ctx, &left[i]);
		if (ret != -ESRCH &&
		    step(s, ret, "deleting route %s dev %s", buf, nic.name))
			goto undo;
	}
	print_moved(s, nic.name, br, addrs, naddr, routes, nroute);
	fprintf(s->out, "the twin is on %s's network through %s (in the twin: udhcpc -i %s); undo: tkctl share-net --off%s%s\n",
		nic.name, TK_TWIN_IF, TK_TWIN_IF, s->bridge ? " --bridge " : "",
		s->bridge ? br : "");
	return TK_EXIT_OK;
undo:
	on_undo(s, &d, br, &nic, &twin, addrs, naddr, routes, nroute);
	return TK_EXIT_FAIL;
}

struct off_done {
	int nic_port, twin_port, nic_up, br_down;
	int naddr, nroute;	/* added to the NIC */
};

static void off_undo(const struct tk_share *s, const struct off_done *d,
		     const struct tk_netif *br, const struct tk_netif *nic,
		     const struct tk_addr4 *addrs, const struct tk_route4 *routes,
		     int nroute)
{
	const struct tk_net_ops *o = s->ops;
	int bad = 0;

	if (d->br_down) {
		bad |= undo_step(s, o->set_up(s->ctx, br->name, 1),
				 "bringing up", br->name);
		for (int i = 0; i < nroute; i++)
			bad |= undo_step(s, o->route_add(s->ctx, &routes[i]),
					 "adding a route back to", br->name);
	}
	for (int i = d->nroute - 1; i >= 0; i--) {
		struct tk_route4 r = routes[i];

		r.oif = nic->index;
		bad |= undo_step(s, o->route_del(s->ctx, &r),
				 "deleting a route from", nic->name);
	}
	for (int i = d->naddr - 1; i >= 0; i--)
		bad |= undo_step(s, o->addr_del(s->ctx, nic->index, &addrs[i]),
				 "deleting an address from", nic->name);
	if (d->nic_up)
		bad |= undo_step(s, o->set_up(s->ctx, nic->name, 0),
				 "taking down", nic->name);
	if (d->twin_port)
		bad |= undo_step(s, o->port_add(s->ctx, br->name, TK_TWIN_IF),
				 "adding " TK_TWIN_IF " back to", br->name);
	if (d->nic_port)
		bad |= undo_step(s, o->port_add(s->ctx, br->name, nic->name),
				 "adding the NIC back to", br->name);
	say_err(s, bad ? "undone as far as possible: see the lines above" :
		"every step before was undone: nothing changed");
}

int tk_share_off(const struct tk_share *s)
{
	static char ports[TK_NET_MAX_PORTS][IFNAMSIZ];
	static struct tk_addr4 addrs[TK_NET_MAX_ADDRS];
	static struct tk_route4 routes[TK_NET_MAX_ROUTES];
	const struct tk_net_ops *o = s->ops;
	const char *br = s->bridge ? s->bridge : TK_SHARE_BRIDGE;
	const char *nicname = NULL;
	struct tk_netif bridge, nic;
	struct off_done d = { 0 };
	int nports, naddr, nroute, has_twin = 0, others = 0, ret;
	char list[TK_NET_MAX_PORTS * (IFNAMSIZ + 1)] = "";

	ret = check_names(s, br);
	if (ret)
		return ret;
	if (get_if(s, br, &bridge, " (nothing to undo)"))
		return TK_EXIT_FAIL;
	if (!bridge.is_bridge) {
		say_err(s, "%s is not a bridge", br);
		return TK_EXIT_FAIL;
	}
	nports = o->ports(s->ctx, br, ports, TK_NET_MAX_PORTS);
	if (nports < 0) {
		say_err(s, "%s: reading its ports: %s", br, strerror(-nports));
		return TK_EXIT_FAIL;
	}
	for (int i = 0; i < nports; i++) {
		if (!strcmp(ports[i], TK_TWIN_IF)) {
			has_twin = 1;
			continue;
		}
		others++;
		if (s->nic ? !strcmp(ports[i], s->nic) : others == 1)
			nicname = ports[i];
		strcat(list, " ");
		strcat(list, ports[i]);
	}
	if (!has_twin) {
		say_err(s, "%s is not a port of %s: not a bridge of tkctl share-net",
			TK_TWIN_IF, br);
		return TK_EXIT_FAIL;
	}
	if (!others) {
		say_err(s, "%s has no port but %s: no NIC to give its addresses back to",
			br, TK_TWIN_IF);
		return TK_EXIT_FAIL;
	}
	if (!nicname) {
		say_err(s, "%s is not a port of %s (its ports:%s %s)",
			s->nic, br, list, TK_TWIN_IF);
		return TK_EXIT_FAIL;
	}
	if (!s->nic && others > 1) {
		say_err(s, "%s has more ports than %s:%s: name the NIC with --dev",
			br, TK_TWIN_IF, list);
		return TK_EXIT_FAIL;
	}
	if (get_if(s, nicname, &nic, ""))
		return TK_EXIT_FAIL;
	naddr = o->addrs(s->ctx, bridge.index, addrs, TK_NET_MAX_ADDRS);
	if (naddr < 0) {
		say_err(s, "%s: reading its IPv4 addresses: %s", br,
			strerror(-naddr));
		return TK_EXIT_FAIL;
	}
	nroute = movable_routes(s, bridge.index, routes, TK_NET_MAX_ROUTES);
	if (nroute < 0) {
		say_err(s, "reading the IPv4 routes: %s", strerror(-nroute));
		return TK_EXIT_FAIL;
	}

	if (step(s, o->port_del(s->ctx, br, nic.name), "taking %s out of %s", nic.name, br)) {
		say_err(s, "nothing changed");
		return TK_EXIT_FAIL;
	}
	d.nic_port = 1;
	if (step(s, o->port_del(s->ctx, br, TK_TWIN_IF), "taking %s out of %s", TK_TWIN_IF, br))
		goto undo;
	d.twin_port = 1;
	if (!(nic.flags & IFF_UP)) {
		if (step(s, o->set_up(s->ctx, nic.name, 1), "bringing %s up", nic.name))
			goto undo;
		d.nic_up = 1;
	}
	for (int i = 0; i < naddr; i++) {
		struct tk_addr4 a = addrs[i];
		char buf[48];

		relabel(&a, br, nic.name);
		fmt_addr(&a, buf, sizeof(buf));
		if (step(s, o->addr_add(s->ctx, nic.index, &a), "adding %s to %s", buf, nic.name))
			goto undo;
		d.naddr = i + 1;
	}
	for (int i = 0; i < nroute; i++) {
		struct tk_route4 r = routes[i];
		char buf[96];

		r.oif = nic.index;
		fmt_route(&r, buf, sizeof(buf));
		if (step(s, o->route_add(s->ctx, &r), "adding route %s dev %s", buf, nic.name))
			goto undo;
		d.nroute = i + 1;
	}
	if (step(s, o->set_up(s->ctx, br, 0), "taking %s down", br))
		goto undo;
	d.br_down = 1;
	if (step(s, o->bridge_del(s->ctx, br), "deleting %s", br))
		goto undo;
	print_moved(s, br, nic.name, addrs, naddr, routes, nroute);
	fprintf(s->out, "bridge %s deleted; %s and %s are on their own again\n",
		br, nic.name, TK_TWIN_IF);
	return TK_EXIT_OK;
undo:
	off_undo(s, &d, &bridge, &nic, addrs, routes, nroute);
	return TK_EXIT_FAIL;
}
