// SPDX-License-Identifier: GPL-2.0
/*
 * tkctl grow: give the running twin more of A's CPUs and PCI devices, for
 * good. Each CPU goes offline in A into the park and B brings it online
 * (TWIN_IOC_GIVE_CPU, one CPU at a time, in increasing order); each
 * device is removed in A and scanned in B, where its driver binds
 * (TWIN_IOC_GIVE_PCI). Devices first, then CPUs. Stops at the first
 * refusal: what was given before stays the twin's, the refused one is
 * A's (the kernel takes it back when B did not take it).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "give.h"
#include "options.h"
#include "parse.h"
#include "tkctl.h"
#include "twinctl.h"

int cmd_grow(int argc, char **argv)
{
	enum { CPUS = TK_OPT_LONG_ONLY, PCI };
	static const struct option longopts[] = {
		{ "cpus", required_argument, NULL, CPUS },
		{ "pci", required_argument, NULL, PCI },
		TK_OPT_HELP_ENTRY, TK_OPT_END_ENTRY,
	};
	struct tk_opts opts = {
		.cmd = tk_find_command("grow"), .argc = argc, .argv = argv,
		.shortopts = "h", .longopts = longopts,
	};
	struct tk_pci_list pci = { 0 };
	char err[TK_ERRLEN];
	uint64_t mask = 0;
	int c, ctl, ret = TK_EXIT_OK;

	while ((c = tk_opts_next(&opts)) >= 0) {
		if (c == CPUS && tk_parse_cpu_list(optarg, &mask, err)) {
			tk_err("grow", "--cpus: %s", err);
			return TK_EXIT_USAGE;
		}
		if (c == PCI && tk_parse_pci_list(optarg, &pci, err)) {
			tk_err("grow", "--pci: %s", err);
			return TK_EXIT_USAGE;
		}
	}
	if (c != TK_OPTS_END)
		return tk_opts_exit(c);
	if (tk_opts_no_operands(&opts))
		return TK_EXIT_USAGE;
	for (unsigned int i = 0; i < pci.n; i++) {
		if (pci.dev[i].kind != TWIN_PCI_BY_ADDR) {
			tk_err("grow", "--pci: devices move by address ([domain:]bus:dev.fn), not vendor:device");
			return TK_EXIT_USAGE;
		}
	}
	if (!mask && !pci.n) {
		tk_err("grow", "what? --cpus LIST or --pci LIST is required");
		return TK_EXIT_USAGE;
	}
	ctl = tk_open_ctl("grow");
	if (ctl < 0)
		return TK_EXIT_FAIL;
	for (unsigned int i = 0; i < pci.n; i++) {
		if (tk_give_pci(ctl, "grow", &pci.dev[i])) {
			close(ctl);
			return TK_EXIT_FAIL;
		}
	}
	for (unsigned int cpu = 0; cpu < 64; cpu++) {
		if ((mask & (1ULL << cpu)) && tk_give_cpu(ctl, "grow", cpu)) {
			ret = TK_EXIT_FAIL;
			break;
		}
	}
	close(ctl);
	return ret;
}
