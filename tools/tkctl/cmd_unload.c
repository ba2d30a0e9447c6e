// SPDX-License-Identifier: GPL-2.0
/* tkctl unload: see "tkctl unload --help". */
#include "tkctl.h"

int cmd_unload(int argc, char **argv)
{
	(void)argv;
	if (argc > 1) {
		tk_err("unload", "takes no arguments");
		return TK_EXIT_USAGE;
	}
	return tk_not_implemented("unload");
}
