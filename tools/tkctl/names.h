/* SPDX-License-Identifier: GPL-2.0 */
/* The words for the numbers of the user ABI (uapi/linux/twin.h): the
 * same words as /sys/kernel/twin shows. A number this tkctl does not know
 * (a newer kernel) is "unknown(N)". */
#ifndef TK_NAMES_H
#define TK_NAMES_H

#include <stddef.h>
#include <stdint.h>

/* Room for every name, "unknown(4294967295)" included. */
#define TK_NAME_LEN 24

/* enum twin_state_id: none, loaded, running, stopped, crashed. */
const char *tk_state_name(uint32_t state, char buf[TK_NAME_LEN]);
/* enum twin_b_state: none, booting, running, stopped, crashed; invalid
 * for TWIN_B_INVALID (B wrote a value that means nothing). */
const char *tk_b_state_name(uint32_t b_state, char buf[TK_NAME_LEN]);
/* enum twin_chan_state_id: none, down, up, broken. */
const char *tk_chan_state_name(uint32_t state, char buf[TK_NAME_LEN]);

#endif
