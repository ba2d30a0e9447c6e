// SPDX-License-Identifier: GPL-2.0
/* tkctl log: see "tkctl log --help". */
#include "tkctl.h"

int cmd_log(int argc, char **argv)
{
	(void)argv;
	if (argc > 1) {
		tk_err("log", "takes no arguments");
		return TK_EXIT_USAGE;
	}
	return tk_not_implemented("log");
}
