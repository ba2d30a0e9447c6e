/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rtnetlink messages for IPv4 addresses and routes: building requests and
 * reading the kernel's answers, without a socket (for unit tests). Every
 * length in an answer is checked before use.
 */
#ifndef TK_RTNL_MSG_H
#define TK_RTNL_MSG_H

#include <stddef.h>
#include <stdint.h>

#include <linux/netlink.h>

#include "sharenet.h"

/*
 * A request in @buf (@cap bytes): NLM_F_REQUEST | @flags, sequence @seq.
 * Each returns its length, or -ENOSPC when @cap is too small.
 */
/* RTM_GETADDR or RTM_GETROUTE dump of family AF_INET, or RTM_GETLINK. */
int tk_nl_dump_req(void *buf, size_t cap, uint16_t type, uint32_t seq);
/* RTM_GETLINK of the interface named @name (when @index is 0) or @index. */
int tk_nl_link_req(void *buf, size_t cap, uint32_t seq, int index,
		   const char *name);
/* RTM_NEWADDR or RTM_DELADDR of @a on interface @ifindex. */
int tk_nl_addr_req(void *buf, size_t cap, uint16_t type, uint16_t flags,
		   uint32_t seq, int ifindex, const struct tk_addr4 *a);
/* RTM_NEWROUTE or RTM_DELROUTE of @r. */
int tk_nl_route_req(void *buf, size_t cap, uint16_t type, uint16_t flags,
		    uint32_t seq, const struct tk_route4 *r);

/*
 * One RTM_NEWADDR message of a dump: 0 with @a and @ifindex filled, 1
 * when it is not IPv4 (skip it), -EINVAL when it is malformed.
 */
int tk_nl_parse_addr(const struct nlmsghdr *h, int *ifindex,
		     struct tk_addr4 *a);
/*
 * One RTM_NEWLINK message: 0 with @l filled but for its master's name
 * (its index in @master, 0 for none; is_bridge from its link kind), or
 * -EINVAL.
 */
int tk_nl_parse_link(const struct nlmsghdr *h, struct tk_netif *l,
		     int *master);
/* One RTM_NEWROUTE message: 0, 1 (not IPv4: skip), or -EINVAL. */
int tk_nl_parse_route(const struct nlmsghdr *h, struct tk_route4 *r);

/*
 * Walk the @len bytes of messages in @buf (one recv()) that answer
 * request @seq: @fn is called on each other message of that sequence
 * (a nonzero return stops the walk and is returned). Returns 0 when more
 * is to come, 1 when the answer is complete (NLMSG_DONE, or an
 * acknowledgement), the negative errno of an NLMSG_ERROR, -EINVAL for a
 * truncated or malformed message, -EAGAIN when the dump was interrupted
 * by a change (NLM_F_DUMP_INTR: ask again). Messages of other sequences
 * are skipped.
 */
int tk_nl_walk(const void *buf, size_t len, uint32_t seq,
	       int (*fn)(const struct nlmsghdr *h, void *arg), void *arg);

#endif
