// SPDX-License-Identifier: GPL-2.0
/*
 * tkctl status: one snapshot of the kernel, for people or, with --json,
 * for scripts (the same keys and values, status_render.h). In kernel A
 * one TWIN_IOC_STATUS on /dev/twinctl: the twin and the channel. Kernel B
 * has no /dev/twinctl, only /dev/twin: one TWIN_CHAN_IOC_STATUS there,
 * until it takes the machine over and becomes a host like A.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "options.h"
#include "status_render.h"
#include "tkctl.h"
#include "twinctl.h"

/* One ioctl @req named @req_name on @dev into @buf; 0 or -1, said. */
static int snapshot(const char *dev, int fd, unsigned long req,
		    const char *req_name, void *buf)
{
	int e;

	if (!ioctl(fd, req, buf)) {
		close(fd);
		return 0;
	}
	e = errno;
	close(fd);
	tk_err("status", "%s: %s: %s%s", dev, req_name, strerror(e),
	       e == ENOTTY ? " (a kernel older than this tkctl?)" : "");
	return -1;
}

/* Kernel B: the channel from /dev/twin; the fields in @f, or 0. */
static size_t b_fields(struct tk_field *f)
{
	struct twin_chan_status ch;
	char takeover[256];
	int fd = open(TK_CHAN_DEV, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		tk_err("status", "%s: %s", TK_CHAN_DEV, strerror(errno));
		return 0;
	}
	memset(&ch, 0, sizeof(ch));
	if (snapshot(TK_CHAN_DEV, fd, TWIN_CHAN_IOC_STATUS,
		     "TWIN_CHAN_IOC_STATUS", &ch))
		return 0;
	/* Says whether this kernel took the machine over from A. */
	if (tk_sysfs_read("takeover", takeover, sizeof(takeover)))
		return tk_chan_status_fields(&ch, NULL, f);
	return tk_chan_status_fields(&ch, takeover, f);
}

int cmd_status(int argc, char **argv)
{
	enum { JSON = TK_OPT_LONG_ONLY };
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, JSON },
		TK_OPT_HELP_ENTRY, TK_OPT_END_ENTRY,
	};
	struct tk_opts opts = {
		.cmd = tk_find_command("status"), .argc = argc, .argv = argv,
		.shortopts = "h", .longopts = longopts,
	};
	struct tk_field f[TK_STATUS_FIELDS_MAX];
	struct twin_status st;
	char takeover[256];
	int c, fd, e, json = 0;
	size_t n;

	while ((c = tk_opts_next(&opts)) >= 0)
		if (c == JSON)
			json = 1;
	if (c != TK_OPTS_END)
		return tk_opts_exit(c);
	if (tk_opts_no_operands(&opts))
		return TK_EXIT_USAGE;
	fd = open(TK_DEV, O_RDONLY | O_CLOEXEC);
	e = errno;
	if (fd >= 0) {
		memset(&st, 0, sizeof(st));
		if (snapshot(TK_DEV, fd, TWIN_IOC_STATUS, "TWIN_IOC_STATUS", &st))
			return TK_EXIT_FAIL;
		n = tk_status_fields(&st, f);
		/* A kernel that took the machine over says so, as a host too. */
		if (!tk_sysfs_read("takeover", takeover, sizeof(takeover)))
			n = tk_status_add_takeover(f, n, takeover);
	} else if (e == ENOENT && !access(TK_CHAN_DEV, F_OK)) {
		n = b_fields(f);
		if (!n)
			return TK_EXIT_FAIL;
	} else {
		tk_err("status", "%s: %s%s", TK_DEV, strerror(e),
		       e == ENOENT ? tk_no_twin_hint() : "");
		return TK_EXIT_FAIL;
	}
	tk_fields_print(stdout, f, n, json);
	return TK_EXIT_OK;
}
