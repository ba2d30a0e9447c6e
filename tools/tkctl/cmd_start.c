// SPDX-License-Identifier: GPL-2.0
/* tkctl start: take the twin's CPU offline; it enters B on its way out.
 * The same as "echo 0 > /sys/devices/system/cpu/cpuN/online". */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "tkctl.h"
#include "twinctl.h"

int cmd_start(int argc, char **argv)
{
	char state[64], cpu[32], path[128];
	struct timespec pause = { 0, 20 * 1000 * 1000 };
	int ret;

	(void)argv;
	if (argc > 1) {
		tk_err("start", "takes no arguments");
		return TK_EXIT_USAGE;
	}
	ret = tk_sysfs_read("state", state, sizeof(state));
	if (ret) {
		tk_err("start", TK_SYSFS "/state: %s", strerror(-ret));
		return TK_EXIT_FAIL;
	}
	if (!strcmp(state, "none")) {
		tk_err("start", "no twin kernel is loaded (%s); run 'tkctl load' first",
		       strerror(ENOENT));
		return TK_EXIT_FAIL;
	}
	if (strcmp(state, "loaded")) {
		tk_err("start", "the twin kernel is %s already (%s)", state,
		       strerror(EBUSY));
		return TK_EXIT_FAIL;
	}
	if (tk_sysfs_read("cpu", cpu, sizeof(cpu))) {
		tk_err("start", "cannot read the twin's CPU");
		return TK_EXIT_FAIL;
	}
	snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%s/online", cpu);
	ret = tk_file_write(path, "0");
	if (ret) {
		tk_err("start", "%s: %s", path, strerror(-ret));
		return TK_EXIT_FAIL;
	}
	for (int i = 0; i < 100; i++) {
		if (!tk_sysfs_read("state", state, sizeof(state)) &&
		    !strcmp(state, "running")) {
			printf("twin kernel started on CPU %s\n", cpu);
			return TK_EXIT_OK;
		}
		nanosleep(&pause, NULL);
	}
	tk_err("start", "CPU %s went offline but the twin is %s", cpu, state);
	return TK_EXIT_FAIL;
}
