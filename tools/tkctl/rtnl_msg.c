// SPDX-License-Identifier: GPL-2.0
/* rtnetlink messages for IPv4 addresses and routes: see rtnl_msg.h. */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>

#include "rtnl_msg.h"

/* The header and the fixed part of a request of type @type. */
static int start(void *buf, size_t cap, uint16_t type, uint16_t flags,
		 uint32_t seq, const void *fixed, size_t flen)
{
	struct nlmsghdr *h = buf;

	if (cap < NLMSG_SPACE(flen))
		return -ENOSPC;
	memset(buf, 0, NLMSG_SPACE(flen));
	h->nlmsg_len = NLMSG_LENGTH(flen);
	h->nlmsg_type = type;
	h->nlmsg_flags = NLM_F_REQUEST | flags;
	h->nlmsg_seq = seq;
	memcpy(NLMSG_DATA(h), fixed, flen);
	return 0;
}

/* Append attribute @type with @len bytes of @data to the message. */
static int put(void *buf, size_t cap, uint16_t type, const void *data,
	       size_t len)
{
	struct nlmsghdr *h = buf;
	size_t at = NLMSG_ALIGN(h->nlmsg_len);
	struct rtattr *rta;

	if (at + RTA_SPACE(len) > cap)
		return -ENOSPC;
	rta = (struct rtattr *)((char *)buf + at);
	memset(rta, 0, RTA_SPACE(len));
	rta->rta_type = type;
	rta->rta_len = RTA_LENGTH(len);
	memcpy(RTA_DATA(rta), data, len);
	h->nlmsg_len = at + RTA_LENGTH(len);
	return 0;
}

static int put_u32(void *buf, size_t cap, uint16_t type, uint32_t v)
{
	return put(buf, cap, type, &v, sizeof(v));
}

int tk_nl_dump_req(void *buf, size_t cap, uint16_t type, uint32_t seq)
{
	struct ifinfomsg link = { .ifi_family = AF_UNSPEC };
	struct rtgenmsg g = { .rtgen_family = AF_INET };
	int ret = type == RTM_GETLINK ?
		start(buf, cap, type, NLM_F_DUMP, seq, &link, sizeof(link)) :
		start(buf, cap, type, NLM_F_DUMP, seq, &g, sizeof(g));

	return ret ? ret : (int)((struct nlmsghdr *)buf)->nlmsg_len;
}

int tk_nl_link_req(void *buf, size_t cap, uint32_t seq, int index,
		   const char *name)
{
	struct ifinfomsg m = { .ifi_family = AF_UNSPEC, .ifi_index = index };
	int ret = start(buf, cap, RTM_GETLINK, NLM_F_ACK, seq, &m, sizeof(m));

	if (!ret && !index)
		ret = put(buf, cap, IFLA_IFNAME, name,
			  strnlen(name, IFNAMSIZ - 1) + 1);
	return ret ? ret : (int)((struct nlmsghdr *)buf)->nlmsg_len;
}

int tk_nl_addr_req(void *buf, size_t cap, uint16_t type, uint16_t flags,
		   uint32_t seq, int ifindex, const struct tk_addr4 *a)
{
	/* The kernel decides which address is secondary. */
	uint32_t aflags = a->flags & ~(uint32_t)IFA_F_SECONDARY;
	struct ifaddrmsg m = {
		.ifa_family = AF_INET, .ifa_prefixlen = a->prefixlen,
		.ifa_flags = aflags & 0xff, .ifa_scope = a->scope,
		.ifa_index = ifindex,
	};
	int ret = start(buf, cap, type, flags, seq, &m, sizeof(m));

	if (!ret)
		ret = put_u32(buf, cap, IFA_LOCAL, a->local);
	if (!ret)
		ret = put_u32(buf, cap, IFA_ADDRESS, a->address);
	if (!ret && type == RTM_NEWADDR) {
		if (a->has_broadcast)
			ret = put_u32(buf, cap, IFA_BROADCAST, a->broadcast);
		if (!ret && a->label[0])
			ret = put(buf, cap, IFA_LABEL, a->label,
				  strnlen(a->label, IFNAMSIZ - 1) + 1);
		if (!ret)
			ret = put_u32(buf, cap, IFA_FLAGS, aflags);
		if (!ret && (a->valid_lft != ~0U || a->preferred_lft != ~0U)) {
			struct ifa_cacheinfo ci = {
				.ifa_prefered = a->preferred_lft,
				.ifa_valid = a->valid_lft,
			};

			ret = put(buf, cap, IFA_CACHEINFO, &ci, sizeof(ci));
		}
	}
	return ret ? ret : (int)((struct nlmsghdr *)buf)->nlmsg_len;
}

int tk_nl_route_req(void *buf, size_t cap, uint16_t type, uint16_t flags,
		    uint32_t seq, const struct tk_route4 *r)
{
	struct rtmsg m = {
		.rtm_family = AF_INET, .rtm_dst_len = r->dst_len,
		.rtm_tos = r->tos,
		.rtm_table = r->table < 256 ? r->table : RT_TABLE_UNSPEC,
		.rtm_protocol = r->protocol, .rtm_scope = r->scope,
		.rtm_type = r->type,
	};
	int ret = start(buf, cap, type, flags, seq, &m, sizeof(m));

	if (!ret)
		ret = put_u32(buf, cap, RTA_TABLE, r->table);
	if (!ret && r->dst_len)
		ret = put_u32(buf, cap, RTA_DST, r->dst);
	if (!ret && r->has_gateway)
		ret = put_u32(buf, cap, RTA_GATEWAY, r->gateway);
	if (!ret && r->has_prefsrc)
		ret = put_u32(buf, cap, RTA_PREFSRC, r->prefsrc);
	if (!ret && r->has_priority)
		ret = put_u32(buf, cap, RTA_PRIORITY, r->priority);
	if (!ret && r->oif)
		ret = put_u32(buf, cap, RTA_OIF, (uint32_t)r->oif);
	return ret ? ret : (int)((struct nlmsghdr *)buf)->nlmsg_len;
}

/* A 4-byte attribute's value, or -EINVAL when it is not 4 bytes. */
static int get_u32(const struct rtattr *rta, uint32_t *out)
{
	if (RTA_PAYLOAD(rta) != 4)
		return -EINVAL;
	memcpy(out, RTA_DATA(rta), 4);
	return 0;
}

/* A string attribute that fits an interface name, NUL included. */
static int get_name(const struct rtattr *rta, char out[IFNAMSIZ])
{
	if (!RTA_PAYLOAD(rta) || RTA_PAYLOAD(rta) > IFNAMSIZ ||
	    !memchr(RTA_DATA(rta), '\0', RTA_PAYLOAD(rta)))
		return -EINVAL;
	memcpy(out, RTA_DATA(rta), RTA_PAYLOAD(rta));
	return 0;
}

int tk_nl_parse_addr(const struct nlmsghdr *h, int *ifindex,
		     struct tk_addr4 *a)
{
	const struct ifaddrmsg *m = NLMSG_DATA(h);
	const struct rtattr *rta;
	int left, has_local = 0, has_address = 0;

	if (h->nlmsg_type != RTM_NEWADDR ||
	    h->nlmsg_len < NLMSG_SPACE(sizeof(*m)))
		return -EINVAL;
	if (m->ifa_family != AF_INET)
		return 1;
	if (m->ifa_prefixlen > 32)
		return -EINVAL;
	memset(a, 0, sizeof(*a));
	a->prefixlen = m->ifa_prefixlen;
	a->scope = m->ifa_scope;
	a->flags = m->ifa_flags;
	a->valid_lft = a->preferred_lft = ~0U;
	*ifindex = (int)m->ifa_index;
	left = (int)IFA_PAYLOAD(h);
	for (rta = IFA_RTA(m); RTA_OK(rta, left); rta = RTA_NEXT(rta, left)) {
		int ret = 0;

		switch (rta->rta_type) {
		case IFA_LOCAL:
			ret = get_u32(rta, &a->local);
			has_local = 1;
			break;
		case IFA_ADDRESS:
			ret = get_u32(rta, &a->address);
			has_address = 1;
			break;
		case IFA_BROADCAST:
			ret = get_u32(rta, &a->broadcast);
			a->has_broadcast = 1;
			break;
		case IFA_FLAGS:
			ret = get_u32(rta, &a->flags);
			break;
		case IFA_LABEL:
			ret = get_name(rta, a->label);
			break;
		case IFA_CACHEINFO: {
			struct ifa_cacheinfo ci;

			if (RTA_PAYLOAD(rta) != sizeof(ci))
				return -EINVAL;
			memcpy(&ci, RTA_DATA(rta), sizeof(ci));
			a->valid_lft = ci.ifa_valid;
			a->preferred_lft = ci.ifa_prefered;
			break;
		}
		}
		if (ret)
			return ret;
	}
	/* Attributes must fill the message exactly. */
	if (left >= (int)sizeof(struct rtattr))
		return -EINVAL;
	if (!has_local && !has_address)
		return -EINVAL;
	if (!has_local)
		a->local = a->address;
	if (!has_address)
		a->address = a->local;
	return 0;
}

/* IFLA_LINKINFO: is its IFLA_INFO_KIND "bridge"? */
static int link_kind(const struct rtattr *info, int *is_bridge)
{
	const struct rtattr *rta = RTA_DATA(info);
	int left = (int)RTA_PAYLOAD(info);

	for (; RTA_OK(rta, left); rta = RTA_NEXT(rta, left)) {
		if (rta->rta_type != IFLA_INFO_KIND)
			continue;
		*is_bridge = RTA_PAYLOAD(rta) >= 7 &&
			     !memcmp(RTA_DATA(rta), "bridge", 7);
	}
	return left >= (int)sizeof(struct rtattr) ? -EINVAL : 0;
}

int tk_nl_parse_link(const struct nlmsghdr *h, struct tk_netif *l,
		     int *master)
{
	const struct ifinfomsg *m = NLMSG_DATA(h);
	const struct rtattr *rta;
	uint32_t v = 0;
	int left, has_name = 0;

	if (h->nlmsg_type != RTM_NEWLINK ||
	    h->nlmsg_len < NLMSG_SPACE(sizeof(*m)))
		return -EINVAL;
	memset(l, 0, sizeof(*l));
	*master = 0;
	l->index = m->ifi_index;
	l->type = m->ifi_type;
	l->flags = m->ifi_flags;
	left = (int)IFLA_PAYLOAD(h);
	for (rta = IFLA_RTA(m); RTA_OK(rta, left); rta = RTA_NEXT(rta, left)) {
		int ret = 0;

		switch (rta->rta_type) {
		case IFLA_IFNAME:
			ret = get_name(rta, l->name);
			has_name = 1;
			break;
		case IFLA_MTU:
			ret = get_u32(rta, &v);
			if (!ret && v > INT_MAX)
				ret = -EINVAL;
			l->mtu = (int)v;
			break;
		case IFLA_MASTER:
			ret = get_u32(rta, &v);
			if (!ret && v > INT_MAX)
				ret = -EINVAL;
			*master = (int)v;
			break;
		case IFLA_ADDRESS:
			if (RTA_PAYLOAD(rta) == sizeof(l->mac))
				memcpy(l->mac, RTA_DATA(rta), sizeof(l->mac));
			break;
		case IFLA_LINKINFO:
			ret = link_kind(rta, &l->is_bridge);
			break;
		}
		if (ret)
			return ret;
	}
	if (left >= (int)sizeof(struct rtattr) || !has_name || l->index <= 0)
		return -EINVAL;
	return 0;
}

int tk_nl_parse_route(const struct nlmsghdr *h, struct tk_route4 *r)
{
	const struct rtmsg *m = NLMSG_DATA(h);
	const struct rtattr *rta;
	uint32_t oif = 0;
	int left;

	if (h->nlmsg_type != RTM_NEWROUTE ||
	    h->nlmsg_len < NLMSG_SPACE(sizeof(*m)))
		return -EINVAL;
	if (m->rtm_family != AF_INET)
		return 1;
	if (m->rtm_dst_len > 32)
		return -EINVAL;
	memset(r, 0, sizeof(*r));
	r->dst_len = m->rtm_dst_len;
	r->tos = m->rtm_tos;
	r->protocol = m->rtm_protocol;
	r->scope = m->rtm_scope;
	r->type = m->rtm_type;
	r->table = m->rtm_table;
	left = (int)RTM_PAYLOAD(h);
	for (rta = RTM_RTA(m); RTA_OK(rta, left); rta = RTA_NEXT(rta, left)) {
		int ret = 0;

		switch (rta->rta_type) {
		case RTA_DST:
			ret = get_u32(rta, &r->dst);
			break;
		case RTA_GATEWAY:
			ret = get_u32(rta, &r->gateway);
			r->has_gateway = 1;
			break;
		case RTA_PREFSRC:
			ret = get_u32(rta, &r->prefsrc);
			r->has_prefsrc = 1;
			break;
		case RTA_PRIORITY:
			ret = get_u32(rta, &r->priority);
			r->has_priority = 1;
			break;
		case RTA_TABLE:
			ret = get_u32(rta, &r->table);
			break;
		case RTA_OIF:
			ret = get_u32(rta, &oif);
			if (!ret && oif > INT_MAX)
				ret = -EINVAL;
			r->oif = (int)oif;
			break;
		}
		if (ret)
			return ret;
	}
	if (left >= (int)sizeof(struct rtattr))
		return -EINVAL;
	return 0;
}

int tk_nl_walk(const void *buf, size_t len, uint32_t seq,
	       int (*fn)(const struct nlmsghdr *h, void *arg), void *arg)
{
	const struct nlmsghdr *h = buf;
	int left = len > INT_MAX ? INT_MAX : (int)len;

	for (; NLMSG_OK(h, left); h = NLMSG_NEXT(h, left)) {
		if (h->nlmsg_seq != seq)
			continue;
		if (h->nlmsg_flags & NLM_F_DUMP_INTR)
			return -EAGAIN;
		if (h->nlmsg_type == NLMSG_DONE)
			return 1;
		if (h->nlmsg_type == NLMSG_ERROR) {
			const struct nlmsgerr *e = NLMSG_DATA(h);

			if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*e)) ||
			    e->error > 0 || e->error < -4095)
				return -EINVAL;
			return e->error ? e->error : 1;
		}
		if (h->nlmsg_type == NLMSG_NOOP)
			continue;
		if (fn) {
			int ret = fn(h, arg);

			if (ret)
				return ret;
		}
	}
	/* Bytes left that are not a whole message: a truncated answer. */
	return left > 0 ? -EINVAL : 0;
}
