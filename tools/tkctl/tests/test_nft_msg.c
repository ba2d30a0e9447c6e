// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the upgrade's network lock batches (nft_msg.c): the
 * batches read back message by message and attribute by attribute (every
 * nested attribute inside its parent), names that do not fit refused, a
 * buffer too small for any byte of them refused without a write past it;
 * the kernel's answers counted, its errors returned, malformed answers
 * refused.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netlink.h>

#include "nft_msg.h"

static char buf[4096] __attribute__((aligned(8)));

/* The messages of a batch, checked to tile it exactly. */
static int messages(const char *b, int len, const struct nlmsghdr **m,
		    int max)
{
	int n = 0, at = 0;

	while (at < len) {
		const struct nlmsghdr *h = (const void *)(b + at);

		assert_true(n < max);
		assert_true(h->nlmsg_len >= NLMSG_LENGTH(sizeof(struct nfgenmsg)));
		assert_true(at + (int)h->nlmsg_len <= len);
		m[n++] = h;
		at += NLMSG_ALIGN(h->nlmsg_len);
	}
	assert_int_equal(at, len);
	return n;
}

static const struct nfgenmsg *gen(const struct nlmsghdr *h)
{
	return NLMSG_DATA(h);
}

/* Attribute @type among those from @p for @len bytes, each inside. */
static const struct nlattr *find(const char *p, size_t len, uint16_t type)
{
	const struct nlattr *found = NULL;

	while (len) {
		const struct nlattr *a = (const void *)p;

		assert_true(len >= NLA_HDRLEN);
		assert_true(a->nla_len >= NLA_HDRLEN && a->nla_len <= len);
		if ((a->nla_type & NLA_TYPE_MASK) == type) {
			assert_null(found);
			found = a;
		}
		if ((size_t)NLA_ALIGN(a->nla_len) >= len)
			break;
		p += NLA_ALIGN(a->nla_len);
		len -= NLA_ALIGN(a->nla_len);
	}
	assert_non_null(found);
	return found;
}

static const char *data(const struct nlattr *a)
{
	return (const char *)a + NLA_HDRLEN;
}

static size_t dlen(const struct nlattr *a)
{
	return a->nla_len - NLA_HDRLEN;
}

static const struct nlattr *msg_attr(const struct nlmsghdr *h, uint16_t type)
{
	size_t off = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(struct nfgenmsg));

	return find((const char *)h + off, h->nlmsg_len - off, type);
}

static const struct nlattr *nested(const struct nlattr *a, uint16_t type)
{
	assert_true(a->nla_type & NLA_F_NESTED);
	return find(data(a), dlen(a), type);
}

static uint32_t be32(const struct nlattr *a)
{
	uint32_t v;

	assert_int_equal(dlen(a), 4);
	memcpy(&v, data(a), 4);
	return ntohl(v);
}

static void str_is(const struct nlattr *a, const char *s)
{
	assert_int_equal(dlen(a), strlen(s) + 1);
	assert_string_equal(data(a), s);
}

static uint16_t nft(int msg)
{
	return (uint16_t)(NFNL_SUBSYS_NFTABLES << 8 | msg);
}

/* The expressions of a rule, in order. */
static const struct nlattr *expr(const struct nlattr *list, int i,
				 const char *name)
{
	const char *p = data(list);
	size_t len = dlen(list);
	const struct nlattr *e = NULL;

	assert_true(list->nla_type & NLA_F_NESTED);
	for (int k = 0; k <= i; k++) {
		assert_true(len >= NLA_HDRLEN);
		e = (const void *)p;
		assert_true(e->nla_len <= len);
		assert_int_equal(e->nla_type & NLA_TYPE_MASK, NFTA_LIST_ELEM);
		p += NLA_ALIGN(e->nla_len);
		len -= len < (size_t)NLA_ALIGN(e->nla_len) ? len : (size_t)NLA_ALIGN(e->nla_len);
	}
	str_is(nested(e, NFTA_EXPR_NAME), name);
	return nested(e, NFTA_EXPR_DATA);
}

static void lock_batch(void **state)
{
	const struct nlmsghdr *m[8];
	const struct nlattr *hook, *exprs, *e, *v;
	unsigned int nacks = 0;
	char want[16] = "eth0";
	int len, n;

	(void)state;
	len = tk_nft_lock_batch(buf, sizeof(buf), 100, "eth0", &nacks);
	assert_true(len > 0);
	n = messages(buf, len, m, 8);
	assert_int_equal(n, 5);
	assert_int_equal(nacks, 3);
	assert_int_equal(m[0]->nlmsg_type, NFNL_MSG_BATCH_BEGIN);
	assert_int_equal(m[1]->nlmsg_type, nft(NFT_MSG_NEWTABLE));
	assert_int_equal(m[2]->nlmsg_type, nft(NFT_MSG_NEWCHAIN));
	assert_int_equal(m[3]->nlmsg_type, nft(NFT_MSG_NEWRULE));
	assert_int_equal(m[4]->nlmsg_type, NFNL_MSG_BATCH_END);
	for (int i = 0; i < n; i++) {
		assert_int_equal(m[i]->nlmsg_seq, 100 + i);
		assert_true(m[i]->nlmsg_flags & NLM_F_REQUEST);
		assert_int_equal(!!(m[i]->nlmsg_flags & NLM_F_ACK), i > 0 && i < 4);
		assert_int_equal(ntohs(gen(m[i])->res_id), NFNL_SUBSYS_NFTABLES);
		assert_int_equal(gen(m[i])->nfgen_family,
				 i > 0 && i < 4 ? NFPROTO_INET : AF_UNSPEC);
	}
	str_is(msg_attr(m[1], NFTA_TABLE_NAME), TK_NFT_TABLE);

	str_is(msg_attr(m[2], NFTA_CHAIN_TABLE), TK_NFT_TABLE);
	str_is(msg_attr(m[2], NFTA_CHAIN_NAME), TK_NFT_CHAIN);
	str_is(msg_attr(m[2], NFTA_CHAIN_TYPE), "filter");
	assert_int_equal(be32(msg_attr(m[2], NFTA_CHAIN_POLICY)), NF_ACCEPT);
	hook = msg_attr(m[2], NFTA_CHAIN_HOOK);
	assert_int_equal(be32(nested(hook, NFTA_HOOK_HOOKNUM)), NF_INET_LOCAL_IN);
	assert_int_equal((int32_t)be32(nested(hook, NFTA_HOOK_PRIORITY)), -400);

	str_is(msg_attr(m[3], NFTA_RULE_TABLE), TK_NFT_TABLE);
	str_is(msg_attr(m[3], NFTA_RULE_CHAIN), TK_NFT_CHAIN);
	assert_true(m[3]->nlmsg_flags & NLM_F_APPEND);
	exprs = msg_attr(m[3], NFTA_RULE_EXPRESSIONS);
	e = expr(exprs, 0, "meta");
	assert_int_equal(be32(nested(e, NFTA_META_KEY)), NFT_META_IIFNAME);
	assert_int_equal(be32(nested(e, NFTA_META_DREG)), NFT_REG_1);
	e = expr(exprs, 1, "cmp");
	assert_int_equal(be32(nested(e, NFTA_CMP_SREG)), NFT_REG_1);
	assert_int_equal(be32(nested(e, NFTA_CMP_OP)), NFT_CMP_EQ);
	v = nested(nested(e, NFTA_CMP_DATA), NFTA_DATA_VALUE);
	/* All 16 bytes: "eth0" must not match "eth01". */
	assert_int_equal(dlen(v), 16);
	assert_memory_equal(data(v), want, 16);
	e = expr(exprs, 2, "immediate");
	assert_int_equal(be32(nested(e, NFTA_IMMEDIATE_DREG)), NFT_REG_VERDICT);
	v = nested(nested(e, NFTA_IMMEDIATE_DATA), NFTA_DATA_VERDICT);
	assert_int_equal(be32(nested(v, NFTA_VERDICT_CODE)), NF_DROP);
}

static void names(void **state)
{
	unsigned int nacks = 7;

	(void)state;
	assert_int_equal(tk_nft_lock_batch(buf, sizeof(buf), 1, "", &nacks), -EINVAL);
	assert_int_equal(tk_nft_lock_batch(buf, sizeof(buf), 1,
					   "abcdefghijklmnop", &nacks), -EINVAL);
	assert_int_equal(nacks, 7);
	assert_true(tk_nft_lock_batch(buf, sizeof(buf), 1, "abcdefghijklmno",
				      &nacks) > 0);
}

static void unlock_batch(void **state)
{
	const struct nlmsghdr *m[4];
	unsigned int nacks = 0;
	int len;

	(void)state;
	len = tk_nft_unlock_batch(buf, sizeof(buf), 7, &nacks);
	assert_true(len > 0);
	assert_int_equal(messages(buf, len, m, 4), 3);
	assert_int_equal(nacks, 1);
	assert_int_equal(m[1]->nlmsg_type, nft(NFT_MSG_DELTABLE));
	assert_int_equal(m[1]->nlmsg_seq, 8);
	assert_int_equal(gen(m[1])->nfgen_family, NFPROTO_INET);
	str_is(msg_attr(m[1], NFTA_TABLE_NAME), TK_NFT_TABLE);
}

/* Every buffer short of the whole batch: -ENOSPC, nothing past it. */
static void no_room(void **state)
{
	unsigned int nacks;
	int full = tk_nft_lock_batch(buf, sizeof(buf), 1, "eth0", &nacks);
	int unlock = tk_nft_unlock_batch(buf, sizeof(buf), 1, &nacks);

	(void)state;
	for (int cap = 0; cap < full; cap++) {
		char *b = malloc(cap ? cap : 1);

		assert_int_equal(tk_nft_lock_batch(b, cap, 1, "eth0", &nacks), -ENOSPC);
		if (cap < unlock)
			assert_int_equal(tk_nft_unlock_batch(b, cap, 1, &nacks), -ENOSPC);
		free(b);
	}
}

static size_t put_err(size_t at, uint32_t seq, int error, size_t len)
{
	struct nlmsghdr *h = (void *)(buf + at);
	struct nlmsgerr e = { .error = error };

	memset(h, 0, NLMSG_SPACE(sizeof(e)));
	h->nlmsg_len = (uint32_t)len;
	h->nlmsg_type = NLMSG_ERROR;
	h->nlmsg_seq = seq;
	memcpy(NLMSG_DATA(h), &e, sizeof(e));
	return at + NLMSG_ALIGN(len);
}

static void acks(void **state)
{
	size_t ok = NLMSG_LENGTH(sizeof(struct nlmsgerr)), n;
	unsigned int acked = 0;

	(void)state;
	n = put_err(0, 11, 0, ok);
	n = put_err(n, 99, -EPERM, ok);		/* another request's: skipped */
	n = put_err(n, 12, 0, ok);
	assert_int_equal(tk_nft_read_acks(buf, n, 10, 5, &acked), 0);
	assert_int_equal(acked, 2);

	n = put_err(0, 13, -EEXIST, ok);
	assert_int_equal(tk_nft_read_acks(buf, n, 10, 5, &acked), -EEXIST);

	/* Truncated, too long for the buffer, too short for its error, an
	 * error no kernel sends. */
	assert_int_equal(tk_nft_read_acks(buf, 8, 10, 5, &acked), -EINVAL);
	n = put_err(0, 11, 0, 4000);
	assert_int_equal(tk_nft_read_acks(buf, ok, 10, 5, &acked), -EINVAL);
	n = put_err(0, 11, 0, NLMSG_HDRLEN + 2);
	assert_int_equal(tk_nft_read_acks(buf, n, 10, 5, &acked), -EINVAL);
	n = put_err(0, 11, 5, ok);
	assert_int_equal(tk_nft_read_acks(buf, n, 10, 5, &acked), -EINVAL);
	n = put_err(0, 11, 0, NLMSG_HDRLEN - 1);
	assert_int_equal(tk_nft_read_acks(buf, ok, 10, 5, &acked), -EINVAL);
	assert_int_equal(tk_nft_read_acks(buf, 0, 10, 5, &acked), 0);
	assert_int_equal(acked, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lock_batch),
		cmocka_unit_test(names),
		cmocka_unit_test(unlock_batch),
		cmocka_unit_test(no_room),
		cmocka_unit_test(acks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
