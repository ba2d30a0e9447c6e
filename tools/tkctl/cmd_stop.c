// SPDX-License-Identifier: GPL-2.0
/* tkctl stop: see "tkctl stop --help". */
#include "tkctl.h"

int cmd_stop(int argc, char **argv)
{
	(void)argv;
	if (argc > 1) {
		tk_err("stop", "takes no arguments");
		return TK_EXIT_USAGE;
	}
	return tk_not_implemented("stop");
}
