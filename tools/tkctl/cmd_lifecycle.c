// SPDX-License-Identifier: GPL-2.0
/*
 * tkctl start, restart and unload: each one ioctl on /dev/twinctl, no
 * options, and a line naming the twin's CPU.
 *   start    sends the twin's CPU into the loaded twin, like "echo 0 >
 *            /sys/devices/system/cpu/cpuN/online"; it also works when a
 *            stopped twin left the CPU parked (the kernel takes it back
 *            first).
 *   restart  boots a stopped or crashed twin again on its CPU, from the
 *            loaded image (checked, and reloaded from its files if B
 *            wrote over it).
 *   unload   drops a loaded, not running, twin; its CPU is A's again.
 */
#include <stdio.h>
#include <string.h>

#include "options.h"
#include "tkctl.h"
#include "twinctl.h"

static const struct lifecycle_command {
	const char *name;
	unsigned long request;
	const char *done, *after_cpu;	/* "<done><CPU><after_cpu>" */
} lifecycle_commands[] = {
	{ "start", TWIN_IOC_START, "twin kernel started on CPU ", "" },
	{ "restart", TWIN_IOC_RESTART, "twin kernel restarted on CPU ", "" },
	{ "unload", TWIN_IOC_UNLOAD, "twin kernel unloaded; CPU ",
	  " is this kernel's again and can be onlined" },
};

int cmd_lifecycle(int argc, char **argv)
{
	const struct lifecycle_command *lc = NULL;
	char cpu[32];
	int ret;

	for (size_t i = 0; i < sizeof(lifecycle_commands) / sizeof(lifecycle_commands[0]); i++)
		if (!strcmp(argv[0], lifecycle_commands[i].name))
			lc = &lifecycle_commands[i];
	if (!lc) {
		tk_err(argv[0], "not a lifecycle command");
		return TK_EXIT_USAGE;
	}
	ret = tk_opts_none(lc->name, argc, argv);
	if (ret >= 0)
		return ret;
	/* Before: after an unload the kernel says -1. */
	if (tk_sysfs_read("cpu", cpu, sizeof(cpu)) || cpu[0] == '-')
		snprintf(cpu, sizeof(cpu), "?");
	if (tk_twin_ioctl(lc->name, lc->request))
		return TK_EXIT_FAIL;
	printf("%s%s%s\n", lc->done, cpu, lc->after_cpu);
	return TK_EXIT_OK;
}
