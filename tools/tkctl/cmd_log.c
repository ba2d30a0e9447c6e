// SPDX-License-Identifier: GPL-2.0
/* tkctl log: B's kernel log, from the ring in memory both kernels see; it
 * outlives B, so it shows B's last words after a crash. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "options.h"
#include "tkctl.h"
#include "twinctl.h"

int cmd_log(int argc, char **argv)
{
	char buf[65536];
	ssize_t n;
	int fd, ret;

	ret = tk_opts_none("log", argc, argv);
	if (ret >= 0)
		return ret;
	fd = open(TK_SYSFS "/log", O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		tk_err("log", TK_SYSFS "/log: %s", strerror(errno));
		return TK_EXIT_FAIL;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, (size_t)n, stdout);
	if (n < 0) {
		tk_err("log", TK_SYSFS "/log: %s", strerror(errno));
		close(fd);
		return TK_EXIT_FAIL;
	}
	close(fd);
	return TK_EXIT_OK;
}
