/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The real network operations of tkctl share-net: the bridge ioctls,
 * interface ioctls, sysfs (/sys/class/net) and rtnetlink.
 */
#ifndef TK_NETOPS_H
#define TK_NETOPS_H

#include "sharenet.h"

struct tk_netops_ctx {
	int ioc;	/* an AF_INET datagram socket for the ioctls */
	int nl;		/* a NETLINK_ROUTE socket */
	unsigned int seq;
};

extern const struct tk_net_ops tk_netops;

/* Open the sockets: 0, or a negative errno with a message in @err. */
int tk_netops_open(struct tk_netops_ctx *c, char *err, size_t len);
void tk_netops_close(struct tk_netops_ctx *c);

#endif
