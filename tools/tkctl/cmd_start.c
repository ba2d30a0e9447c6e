// SPDX-License-Identifier: GPL-2.0
/* tkctl start: see "tkctl start --help". */
#include "tkctl.h"

int cmd_start(int argc, char **argv)
{
	(void)argv;
	if (argc > 1) {
		tk_err("start", "takes no arguments");
		return TK_EXIT_USAGE;
	}
	return tk_not_implemented("start");
}
