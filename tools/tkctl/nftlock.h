/* SPDX-License-Identifier: GPL-2.0 */
/* The upgrade's network lock (nft_msg.h), set and lifted over netlink. */
#ifndef TK_NFTLOCK_H
#define TK_NFTLOCK_H

#include <stddef.h>

/*
 * With @on, drop whatever comes in on @ifname (a table of its own,
 * created in one batch: all or nothing); without, delete that table.
 * Returns 0 or a negative errno, with the reason in @why.
 */
int tk_nft_lock(const char *ifname, int on, char *why, size_t len);

#endif
