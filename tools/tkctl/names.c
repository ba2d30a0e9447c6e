// SPDX-License-Identifier: GPL-2.0
/* The words for the numbers of the user ABI. */
#include <stdio.h>

#include <linux/twin_abi.h>

#include "names.h"

static const char *name_of(const char *const *names, size_t n, uint32_t v,
			   char *buf)
{
	if (v < n && names[v])
		return names[v];
	snprintf(buf, TK_NAME_LEN, "unknown(%u)", v);
	return buf;
}

const char *tk_state_name(uint32_t state, char buf[TK_NAME_LEN])
{
	static const char *const names[] = {
		[TWIN_STATE_NONE] = "none", [TWIN_STATE_LOADED] = "loaded",
		[TWIN_STATE_RUNNING] = "running",
		[TWIN_STATE_STOPPED] = "stopped",
		[TWIN_STATE_CRASHED] = "crashed",
	};

	return name_of(names, sizeof(names) / sizeof(names[0]), state, buf);
}

const char *tk_b_state_name(uint32_t b_state, char buf[TK_NAME_LEN])
{
	static const char *const names[] = {
		[TWIN_B_NONE] = "none", [TWIN_B_BOOTING] = "booting",
		[TWIN_B_RUNNING] = "running", [TWIN_B_STOPPED] = "stopped",
		[TWIN_B_CRASHED] = "crashed",
	};

	if (b_state == TWIN_B_INVALID)
		return "invalid";
	return name_of(names, sizeof(names) / sizeof(names[0]), b_state, buf);
}

const char *tk_chan_state_name(uint32_t state, char buf[TK_NAME_LEN])
{
	static const char *const names[] = {
		[TWIN_CHAN_NONE] = "none", [TWIN_CHAN_DOWN] = "down",
		[TWIN_CHAN_UP] = "up", [TWIN_CHAN_BROKEN] = "broken",
	};

	return name_of(names, sizeof(names) / sizeof(names[0]), state, buf);
}
