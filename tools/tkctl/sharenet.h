/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tkctl share-net: one NIC for both kernels. The kernel that owns the NIC
 * bridges it with twin0, so the other kernel is on the NIC's network with
 * an address of its own; the NIC's IPv4 addresses and routes move to the
 * bridge, so this kernel keeps its network. --off undoes it.
 *
 * The steps run through a table of operations (netops.c has the real
 * ones: bridge ioctls, interface flags, rtnetlink), so that the unit
 * tests run them against a network in memory and fail any step: a
 * failure undoes every step before it.
 */
#ifndef TK_SHARENET_H
#define TK_SHARENET_H

#include <net/if.h>
#include <stdint.h>
#include <stdio.h>

#define TK_TWIN_IF		"twin0"
#define TK_SHARE_BRIDGE		"br0"	/* the bridge's default name */
#define TK_NET_MAX_ADDRS	32	/* IPv4 addresses on one interface */
#define TK_NET_MAX_ROUTES	256	/* IPv4 routes of every table */
#define TK_NET_MAX_PORTS	32	/* ports of one bridge */

/* What share-net needs to know of an interface. */
struct tk_netif {
	int index;
	char name[IFNAMSIZ];
	unsigned int type;		/* ARPHRD_* */
	unsigned int flags;		/* IFF_* */
	int mtu;
	unsigned char mac[6];
	int is_bridge;
	char master[IFNAMSIZ];		/* its bridge's name, "" for none */
};

/* An IPv4 address (addresses in network byte order). */
struct tk_addr4 {
	uint32_t local, address, broadcast;
	int has_broadcast;
	uint8_t prefixlen, scope;
	uint32_t flags;			/* IFA_F_* */
	uint32_t valid_lft, preferred_lft;	/* seconds; ~0U: forever */
	char label[IFNAMSIZ];
};

/* An IPv4 route (addresses in network byte order). */
struct tk_route4 {
	uint32_t dst, gateway, prefsrc, priority;
	int has_gateway, has_prefsrc, has_priority;
	uint8_t dst_len, tos, protocol, scope, type;
	uint32_t table;
	int oif;			/* 0: none (multipath, blackhole) */
};

/*
 * The operations, each 0 (or a count) or a negative errno. Interfaces are
 * named by name, addresses and routes by the interface's index.
 */
struct tk_net_ops {
	/* -ENODEV when there is no such interface. */
	int (*get_if)(void *ctx, const char *name, struct tk_netif *out);
	int (*if_name)(void *ctx, int index, char name[IFNAMSIZ]);
	/* The names of a bridge's ports: how many (at most @max). */
	int (*ports)(void *ctx, const char *bridge, char (*names)[IFNAMSIZ],
		     int max);
	int (*bridge_add)(void *ctx, const char *name);
	int (*bridge_del)(void *ctx, const char *name);	/* must be down */
	int (*port_add)(void *ctx, const char *bridge, const char *port);
	int (*port_del)(void *ctx, const char *bridge, const char *port);
	int (*set_up)(void *ctx, const char *name, int up);
	int (*set_mtu)(void *ctx, const char *name, int mtu);
	int (*set_mac)(void *ctx, const char *name, const unsigned char *mac);
	/* The IPv4 addresses of interface @index, primary first: a count. */
	int (*addrs)(void *ctx, int index, struct tk_addr4 *out, int max);
	int (*addr_add)(void *ctx, int index, const struct tk_addr4 *a);
	int (*addr_del)(void *ctx, int index, const struct tk_addr4 *a);
	/* Every IPv4 route of every table: a count (-ENOSPC beyond @max). */
	int (*routes)(void *ctx, struct tk_route4 *out, int max);
	int (*route_add)(void *ctx, const struct tk_route4 *r);
	int (*route_del)(void *ctx, const struct tk_route4 *r);
};

struct tk_share {
	const struct tk_net_ops *ops;
	void *ctx;
	const char *nic;	/* NULL: the interface of the default route */
	const char *bridge;	/* NULL: TK_SHARE_BRIDGE */
	FILE *out;		/* what was done, one line per step group */
	FILE *err;		/* "tkctl share-net: why" */
};

/*
 * Bridge @s->nic with twin0 in a new bridge @s->bridge (with the NIC's MAC
 * address; twin0 gets the NIC's MTU), bring them up and move the NIC's
 * IPv4 addresses and its routes of the main table to the bridge. Checks
 * everything first; a step that fails undoes the ones before. Returns
 * TK_EXIT_OK, TK_EXIT_FAIL or TK_EXIT_USAGE (a bad name; nothing done).
 */
int tk_share_on(const struct tk_share *s);
/*
 * Undo: the NIC and twin0 leave the bridge, the bridge's IPv4 addresses
 * and main-table routes go back to the NIC, the bridge is deleted. The
 * bridge must have twin0 as a port; the NIC is its other port (or
 * @s->nic, which must be one of its ports).
 */
int tk_share_off(const struct tk_share *s);

/* An interface name the kernel would take (dev_valid_name): 0 or -EINVAL. */
int tk_ifname_valid(const char *name);
/* Is @r a route share-net moves with the addresses of interface @oif? */
int tk_route_movable(const struct tk_route4 *r, int oif);

#endif
