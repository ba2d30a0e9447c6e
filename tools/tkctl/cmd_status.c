// SPDX-License-Identifier: GPL-2.0
/* tkctl status: see "tkctl status --help". */
#include <string.h>

#include "tkctl.h"

int cmd_status(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json")) {
			tk_err("status", "unknown option '%s'", argv[i]);
			return TK_EXIT_USAGE;
		}
	}
	return tk_not_implemented("status");
}
