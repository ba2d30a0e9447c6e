// SPDX-License-Identifier: GPL-2.0
/* tkctl start: send the twin's CPU into the loaded twin. Like
 * "echo 0 > /sys/devices/system/cpu/cpuN/online", and it also works when a
 * stopped twin left the CPU parked (the kernel takes it back first). */
#include "tkctl.h"
#include "twinctl.h"

int cmd_start(int argc, char **argv)
{
	(void)argv;
	if (argc > 1) {
		tk_err("start", "takes no arguments");
		return TK_EXIT_USAGE;
	}
	return tk_twin_ioctl("start", TWIN_IOC_START, "twin kernel started on CPU ");
}
