// SPDX-License-Identifier: GPL-2.0
/*
 * tkctl share-net: one NIC for both kernels. In the kernel that owns the
 * NIC, a bridge joins the NIC and twin0, and the NIC's IPv4 addresses and
 * routes move to the bridge; the other kernel then takes an address of its
 * own on the NIC's network on its twin0 (DHCP, or a static one). --off
 * undoes it. The checks and steps are in sharenet.c, the system calls in
 * netops.c.
 */
#include <stdio.h>
#include <string.h>

#include "netops.h"
#include "options.h"
#include "sharenet.h"
#include "tkctl.h"

int cmd_share_net(int argc, char **argv)
{
	enum { DEV = TK_OPT_LONG_ONLY, BRIDGE, OFF };
	static const struct option longopts[] = {
		{ "dev", required_argument, NULL, DEV },
		{ "bridge", required_argument, NULL, BRIDGE },
		{ "off", no_argument, NULL, OFF },
		TK_OPT_HELP_ENTRY, TK_OPT_END_ENTRY,
	};
	struct tk_opts opts = {
		.cmd = tk_find_command("share-net"), .argc = argc, .argv = argv,
		.shortopts = "h", .longopts = longopts,
	};
	struct tk_share s = { .ops = &tk_netops, .out = stdout, .err = stderr };
	struct tk_netops_ctx ctx;
	char err[160];
	int c, off = 0, ret;

	while ((c = tk_opts_next(&opts)) >= 0) {
		if (c == DEV)
			s.nic = optarg;
		else if (c == BRIDGE)
			s.bridge = optarg;
		else if (c == OFF)
			off = 1;
	}
	if (c != TK_OPTS_END)
		return tk_opts_exit(c);
	if (tk_opts_no_operands(&opts))
		return TK_EXIT_USAGE;
	if (tk_netops_open(&ctx, err, sizeof(err))) {
		tk_err("share-net", "%s", err);
		return TK_EXIT_FAIL;
	}
	s.ctx = &ctx;
	ret = off ? tk_share_off(&s) : tk_share_on(&s);
	tk_netops_close(&ctx);
	return ret;
}
