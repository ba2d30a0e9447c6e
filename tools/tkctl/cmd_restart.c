// SPDX-License-Identifier: GPL-2.0
/* tkctl restart: see "tkctl restart --help". */
#include "tkctl.h"

int cmd_restart(int argc, char **argv)
{
	(void)argv;
	if (argc > 1) {
		tk_err("restart", "takes no arguments");
		return TK_EXIT_USAGE;
	}
	return tk_not_implemented("restart");
}
