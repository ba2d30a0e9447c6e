/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nftables netlink batches for the upgrade's network lock: while the new
 * kernel restores the services, whatever comes in on the NIC is dropped,
 * or a segment for a connection not yet restored would be answered with
 * a reset. Built here rather than by running nft, which costs a process
 * start in the services' gap. Building and reading need no socket (unit
 * tests); nftlock.c talks to the kernel.
 */
#ifndef TK_NFT_MSG_H
#define TK_NFT_MSG_H

#include <stddef.h>
#include <stdint.h>

/* The lock: table inet TK_NFT_TABLE, chain TK_NFT_CHAIN on the input
 * hook at priority TK_NFT_PRIORITY (before conntrack), policy accept,
 * one rule: iifname IFNAME drop. */
#define TK_NFT_TABLE	"tkctl_upgrade"
#define TK_NFT_CHAIN	"input"
#define TK_NFT_PRIORITY	(-400)

/*
 * The batch that creates the lock for interface @ifname, in @buf (@cap
 * bytes), its messages numbered from @seq; *@nacks: the acknowledgements
 * it asks for. Returns its length, -EINVAL for a name that is empty or
 * not shorter than IFNAMSIZ, -ENOSPC when @cap is too small.
 */
int tk_nft_lock_batch(void *buf, size_t cap, uint32_t seq,
		      const char *ifname, unsigned int *nacks);
/* The batch that deletes the lock's table (and so its chain and rule). */
int tk_nft_unlock_batch(void *buf, size_t cap, uint32_t seq,
			unsigned int *nacks);

/*
 * Read @len bytes of the kernel's answers (one recv()) to a batch
 * numbered @seq .. @seq + @n - 1: each acknowledgement of success adds
 * one to *@acked. Returns 0, the negative errno the kernel answered one
 * of them with, or -EINVAL for a truncated or malformed message.
 * Messages of other sequences are skipped.
 */
int tk_nft_read_acks(const void *buf, size_t len, uint32_t seq,
		     unsigned int n, unsigned int *acked);

#endif
