// SPDX-License-Identifier: GPL-2.0
/* tkctl stop: ask a running twin to shut down cleanly, and wait until it
 * says it stopped (at most --timeout seconds, default 30). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tkctl.h"
#include "twinctl.h"

int cmd_stop(int argc, char **argv)
{
	unsigned int timeout = 30;
	int ret;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--timeout") && i + 1 < argc) {
			char *end;

			timeout = (unsigned int)strtoul(argv[++i], &end, 10);
			if (*end || !timeout) {
				tk_err("stop", "--timeout: seconds, more than 0");
				return TK_EXIT_USAGE;
			}
		} else {
			tk_err("stop", "unknown option '%s'", argv[i]);
			return TK_EXIT_USAGE;
		}
	}
	ret = tk_twin_ioctl("stop", TWIN_IOC_STOP, NULL);
	if (ret)
		return ret;
	if (tk_wait_state("stopped,crashed", timeout * 1000)) {
		tk_err("stop", "the twin did not stop within %u s", timeout);
		return TK_EXIT_FAIL;
	}
	printf("twin kernel stopped\n");
	return TK_EXIT_OK;
}
