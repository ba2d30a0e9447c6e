// SPDX-License-Identifier: GPL-2.0
/* tkctl unload: drop a loaded, not running, twin kernel. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "tkctl.h"
#include "twinctl.h"

int cmd_unload(int argc, char **argv)
{
	int ctl, kmsg, e;

	(void)argv;
	if (argc > 1) {
		tk_err("unload", "takes no arguments");
		return TK_EXIT_USAGE;
	}
	ctl = tk_open_ctl("unload");
	if (ctl < 0)
		return TK_EXIT_FAIL;
	kmsg = tk_kmsg_begin();
	if (!ioctl(ctl, TWIN_IOC_UNLOAD)) {
		if (kmsg >= 0)
			close(kmsg);
		close(ctl);
		printf("unloaded\n");
		return TK_EXIT_OK;
	}
	e = errno;
	if (e == ENOENT)
		tk_err("unload", "no twin kernel is loaded (%s)", strerror(e));
	else if (e == EBUSY)
		tk_err("unload", "the twin kernel is running (%s): it keeps its CPU and memory until it stops",
		       strerror(e));
	else
		tk_err("unload", "%s", strerror(e));
	tk_kmsg_explain(kmsg);
	close(ctl);
	return TK_EXIT_FAIL;
}
