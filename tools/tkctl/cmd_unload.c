// SPDX-License-Identifier: GPL-2.0
/* tkctl unload: drop a loaded, not running, twin kernel. */
#include "tkctl.h"
#include "twinctl.h"

int cmd_unload(int argc, char **argv)
{
	(void)argv;
	if (argc > 1) {
		tk_err("unload", "takes no arguments");
		return TK_EXIT_USAGE;
	}
	return tk_twin_ioctl("unload", TWIN_IOC_UNLOAD,
			     "unloaded; it can be onlined again: CPU ");
}
