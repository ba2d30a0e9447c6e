// SPDX-License-Identifier: GPL-2.0
/* tkctl load: check B's kernel, initrd, CPU and PCI list, then load it. */
#include <getopt.h>
#include <stdio.h>
#include <unistd.h>

#include "parse.h"
#include "tkctl.h"

int cmd_load(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "kernel", required_argument, NULL, 'k' },
		{ "initrd", required_argument, NULL, 'i' },
		{ "cmdline", required_argument, NULL, 'c' },
		{ "cpu", required_argument, NULL, 'C' },
		{ "pci", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	const struct tk_command *self = tk_find_command("load");
	const char *kernel = NULL;
	struct tk_pci_list pci = { 0 };
	char err[TK_ERRLEN];
	unsigned int cpu;
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'k':
			kernel = optarg;
			break;
		case 'i':
		case 'c':
			break;
		case 'C':
			if (tk_parse_cpu(optarg, 4095, &cpu, err)) {
				tk_err("load", "--cpu: %s", err);
				return TK_EXIT_USAGE;
			}
			break;
		case 'p':
			if (tk_parse_pci_list(optarg, &pci, err)) {
				tk_err("load", "--pci: %s", err);
				return TK_EXIT_USAGE;
			}
			break;
		default:
			tk_err("load", "unknown or incomplete option '%s'",
			       argv[optind - 1]);
			tk_usage(self, 1);
			return TK_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		tk_err("load", "unexpected argument '%s'", argv[optind]);
		return TK_EXIT_USAGE;
	}
	if (!kernel) {
		tk_err("load", "--kernel FILE is required");
		tk_usage(self, 1);
		return TK_EXIT_USAGE;
	}
	return tk_not_implemented("load");
}
