// SPDX-License-Identifier: GPL-2.0
/* tkctl restart: boot a stopped or crashed twin again on its CPU, from the
 * loaded image (checked, and reloaded from its files if B wrote over it). */
#include "tkctl.h"
#include "twinctl.h"

int cmd_restart(int argc, char **argv)
{
	(void)argv;
	if (argc > 1) {
		tk_err("restart", "takes no arguments");
		return TK_EXIT_USAGE;
	}
	return tk_twin_ioctl("restart", TWIN_IOC_RESTART,
			     "twin kernel restarted on CPU ");
}
