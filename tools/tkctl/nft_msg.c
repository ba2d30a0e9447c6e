// SPDX-License-Identifier: GPL-2.0
/* nftables netlink batches for the upgrade's network lock: see nft_msg.h. */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netlink.h>

#include "nft_msg.h"

#define IFNAME_LEN	16	/* IFNAMSIZ: what the meta expression loads */

/* A batch being written: messages one after the other in @buf. */
struct batch {
	char *buf;
	size_t cap, len, msg;	/* msg: where the open message starts */
	uint32_t seq;
	unsigned int nacks;
	int err;
};

static void *room(struct batch *b, size_t n)
{
	void *p;

	if (b->err || b->len + n > b->cap) {
		b->err = -ENOSPC;
		return NULL;
	}
	p = b->buf + b->len;
	memset(p, 0, n);
	b->len += n;
	return p;
}

/* Open a message of nfnetlink subsystem nftables (or a batch marker). */
static void msg_open(struct batch *b, uint16_t type, uint16_t flags,
		     uint8_t family)
{
	struct nlmsghdr *h;
	struct nfgenmsg *g;

	b->msg = b->len;
	h = room(b, NLMSG_HDRLEN);
	g = room(b, NLMSG_ALIGN(sizeof(*g)));
	if (!h || !g)
		return;
	h->nlmsg_type = type;
	h->nlmsg_flags = NLM_F_REQUEST | flags;
	h->nlmsg_seq = b->seq++;
	g->nfgen_family = family;
	g->version = NFNETLINK_V0;
	g->res_id = htons(NFNL_SUBSYS_NFTABLES);
	if (flags & NLM_F_ACK)
		b->nacks++;
}

static void msg_close(struct batch *b)
{
	if (!b->err)
		((struct nlmsghdr *)(b->buf + b->msg))->nlmsg_len =
			(uint32_t)(b->len - b->msg);
}

static void attr(struct batch *b, uint16_t type, const void *data, size_t n)
{
	struct nlattr *a = room(b, NLA_HDRLEN + NLA_ALIGN(n));

	if (!a)
		return;
	a->nla_type = type;
	a->nla_len = (uint16_t)(NLA_HDRLEN + n);
	memcpy((char *)a + NLA_HDRLEN, data, n);
}

static void attr_str(struct batch *b, uint16_t type, const char *s)
{
	attr(b, type, s, strlen(s) + 1);
}

/* Numbers in nftables attributes are big-endian. */
static void attr_be32(struct batch *b, uint16_t type, uint32_t v)
{
	uint32_t be = htonl(v);

	attr(b, type, &be, sizeof(be));
}

static size_t nest_open(struct batch *b, uint16_t type)
{
	size_t at = b->len;
	struct nlattr *a = room(b, NLA_HDRLEN);

	if (a)
		a->nla_type = type | NLA_F_NESTED;
	return at;
}

static void nest_close(struct batch *b, size_t at)
{
	if (!b->err)
		((struct nlattr *)(b->buf + at))->nla_len =
			(uint16_t)(b->len - at);
}

static void batch_marker(struct batch *b, uint16_t type)
{
	msg_open(b, type, 0, AF_UNSPEC);
	msg_close(b);
}

static int batch_end(struct batch *b, unsigned int *nacks)
{
	batch_marker(b, NFNL_MSG_BATCH_END);
	if (b->err)
		return b->err;
	*nacks = b->nacks;
	return (int)b->len;
}

static uint16_t nft_type(int msg)
{
	return (uint16_t)(NFNL_SUBSYS_NFTABLES << 8 | msg);
}

/* One expression of a rule: its name and its attributes, nested. */
static size_t expr_open(struct batch *b, const char *name, size_t *data)
{
	size_t elem = nest_open(b, NFTA_LIST_ELEM);

	attr_str(b, NFTA_EXPR_NAME, name);
	*data = nest_open(b, NFTA_EXPR_DATA);
	return elem;
}

static void expr_close(struct batch *b, size_t elem, size_t data)
{
	nest_close(b, data);
	nest_close(b, elem);
}

int tk_nft_lock_batch(void *buf, size_t cap, uint32_t seq,
		      const char *ifname, unsigned int *nacks)
{
	struct batch b = { .buf = buf, .cap = cap, .seq = seq };
	char name[IFNAME_LEN] = "";
	size_t hook, exprs, elem, data, cmp;
	size_t n = strnlen(ifname, IFNAME_LEN);

	if (!n || n == IFNAME_LEN)
		return -EINVAL;
	memcpy(name, ifname, n);

	batch_marker(&b, NFNL_MSG_BATCH_BEGIN);

	msg_open(&b, nft_type(NFT_MSG_NEWTABLE), NLM_F_CREATE | NLM_F_ACK,
		 NFPROTO_INET);
	attr_str(&b, NFTA_TABLE_NAME, TK_NFT_TABLE);
	msg_close(&b);

	msg_open(&b, nft_type(NFT_MSG_NEWCHAIN), NLM_F_CREATE | NLM_F_ACK,
		 NFPROTO_INET);
	attr_str(&b, NFTA_CHAIN_TABLE, TK_NFT_TABLE);
	attr_str(&b, NFTA_CHAIN_NAME, TK_NFT_CHAIN);
	hook = nest_open(&b, NFTA_CHAIN_HOOK);
	attr_be32(&b, NFTA_HOOK_HOOKNUM, NF_INET_LOCAL_IN);
	attr_be32(&b, NFTA_HOOK_PRIORITY, (uint32_t)TK_NFT_PRIORITY);
	nest_close(&b, hook);
	attr_be32(&b, NFTA_CHAIN_POLICY, NF_ACCEPT);
	attr_str(&b, NFTA_CHAIN_TYPE, "filter");
	msg_close(&b);

	/* iifname IFNAME drop: load the name, compare all 16 bytes, verdict. */
	msg_open(&b, nft_type(NFT_MSG_NEWRULE),
		 NLM_F_CREATE | NLM_F_APPEND | NLM_F_ACK, NFPROTO_INET);
	attr_str(&b, NFTA_RULE_TABLE, TK_NFT_TABLE);
	attr_str(&b, NFTA_RULE_CHAIN, TK_NFT_CHAIN);
	exprs = nest_open(&b, NFTA_RULE_EXPRESSIONS);

	elem = expr_open(&b, "meta", &data);
	attr_be32(&b, NFTA_META_DREG, NFT_REG_1);
	attr_be32(&b, NFTA_META_KEY, NFT_META_IIFNAME);
	expr_close(&b, elem, data);

	elem = expr_open(&b, "cmp", &data);
	attr_be32(&b, NFTA_CMP_SREG, NFT_REG_1);
	attr_be32(&b, NFTA_CMP_OP, NFT_CMP_EQ);
	cmp = nest_open(&b, NFTA_CMP_DATA);
	attr(&b, NFTA_DATA_VALUE, name, sizeof(name));
	nest_close(&b, cmp);
	expr_close(&b, elem, data);

	elem = expr_open(&b, "immediate", &data);
	attr_be32(&b, NFTA_IMMEDIATE_DREG, NFT_REG_VERDICT);
	{
		size_t imm = nest_open(&b, NFTA_IMMEDIATE_DATA);
		size_t verdict = nest_open(&b, NFTA_DATA_VERDICT);

		attr_be32(&b, NFTA_VERDICT_CODE, NF_DROP);
		nest_close(&b, verdict);
		nest_close(&b, imm);
	}
	expr_close(&b, elem, data);

	nest_close(&b, exprs);
	msg_close(&b);
	return batch_end(&b, nacks);
}

int tk_nft_unlock_batch(void *buf, size_t cap, uint32_t seq,
			unsigned int *nacks)
{
	struct batch b = { .buf = buf, .cap = cap, .seq = seq };

	batch_marker(&b, NFNL_MSG_BATCH_BEGIN);
	msg_open(&b, nft_type(NFT_MSG_DELTABLE), NLM_F_ACK, NFPROTO_INET);
	attr_str(&b, NFTA_TABLE_NAME, TK_NFT_TABLE);
	msg_close(&b);
	return batch_end(&b, nacks);
}

int tk_nft_read_acks(const void *buf, size_t len, uint32_t seq,
		     unsigned int n, unsigned int *acked)
{
	const char *p = buf;

	while (len) {
		struct nlmsghdr h;
		struct nlmsgerr e;

		if (len < NLMSG_HDRLEN)
			return -EINVAL;
		memcpy(&h, p, sizeof(h));
		if (h.nlmsg_len < NLMSG_HDRLEN || h.nlmsg_len > len)
			return -EINVAL;
		if (h.nlmsg_seq - seq < n && h.nlmsg_type == NLMSG_ERROR) {
			if (h.nlmsg_len < NLMSG_LENGTH(sizeof(e)))
				return -EINVAL;
			memcpy(&e, p + NLMSG_HDRLEN, sizeof(e));
			if (e.error > 0 || e.error < -4095)
				return -EINVAL;
			if (e.error)
				return e.error;
			(*acked)++;
		}
		if (NLMSG_ALIGN(h.nlmsg_len) >= len)
			break;
		p += NLMSG_ALIGN(h.nlmsg_len);
		len -= NLMSG_ALIGN(h.nlmsg_len);
	}
	return 0;
}
