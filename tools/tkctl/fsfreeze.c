// SPDX-License-Identifier: GPL-2.0
/* Freezing this kernel's file systems before it retires: see fsfreeze.h. */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "fsfreeze.h"
#include "mounts.h"
#include "tkctl.h"

int tk_read_mounts(char *buf, size_t len)
{
	size_t have = 0;
	ssize_t n;
	int fd = open("/proc/self/mounts", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	/* seq_file: a page or so per read() */
	while (have < len - 1 && (n = read(fd, buf + have, len - 1 - have)) > 0)
		have += (size_t)n;
	close(fd);
	buf[have] = '\0';
	if (have == len - 1) {
		errno = EFBIG;
		return -1;
	}
	return 0;
}

void tk_thaw_filesystems(const char *cmd, struct tk_frozen *f)
{
	while (f->n > 0) {
		f->n--;
		if (ioctl(f->fd[f->n], FITHAW, 0))
			tk_err(cmd, "thaw %s: %s", f->dir[f->n], strerror(errno));
		close(f->fd[f->n]);
	}
}

int tk_freeze_filesystems(const char *cmd, const char *mounts,
			  struct tk_frozen *f)
{
	char dir[TK_FROZEN_MAX][128];
	const char *line = mounts;
	unsigned int n = 0, i;
	int fd[TK_FROZEN_MAX];

	f->n = 0;
	while (line && *line) {
		const char *nl = strchr(line, '\n');
		char buf[1100];
		size_t l = nl ? (size_t)(nl - line) : strlen(line);
		int r;

		if (l < sizeof(buf)) {
			memcpy(buf, line, l);
			buf[l] = '\0';
			r = tk_mount_to_freeze(buf, dir[n], sizeof(dir[n]));
			if (r < 0) {
				tk_err(cmd, "cannot read the mount table line '%s'", buf);
				goto fail;
			}
			if (r > 0 && ++n == TK_FROZEN_MAX) {
				tk_err(cmd, "more than %d file systems to freeze",
				       TK_FROZEN_MAX - 1);
				goto fail;
			}
		}
		line = nl ? nl + 1 : NULL;
	}
	/* All opened first: a path below a frozen mount may not resolve. */
	for (i = 0; i < n; i++) {
		fd[i] = open(dir[i], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd[i] < 0) {
			tk_err(cmd, "%s: %s", dir[i], strerror(errno));
			while (i--)
				close(fd[i]);
			goto fail;
		}
	}
	/* Innermost (mounted last) first. */
	while (n > 0) {
		n--;
		if (syncfs(fd[n]) || ioctl(fd[n], FIFREEZE, 0)) {
			tk_err(cmd, "cannot freeze %s: %s", dir[n], strerror(errno));
			for (i = 0; i <= n; i++)
				close(fd[i]);
			tk_thaw_filesystems(cmd, f);
			goto fail;
		}
		f->fd[f->n] = fd[n];
		snprintf(f->dir[f->n], sizeof(f->dir[0]), "%s", dir[n]);
		f->n++;
	}
	return 0;
fail:
	return -1;
}
