/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Freezing this kernel's file systems before it retires (tkctl handover):
 * what A wrote is on the disk, consistent, when the next kernel mounts it.
 */
#ifndef TK_FSFREEZE_H
#define TK_FSFREEZE_H

#define TK_FROZEN_MAX 32

struct tk_frozen {
	int fd[TK_FROZEN_MAX];		/* an open directory on each frozen fs */
	char dir[TK_FROZEN_MAX][128];
	unsigned int n;
};

/*
 * Sync and freeze (FIFREEZE) every file system mounted read-write from a
 * block device (/dev/...), listed in @mounts (/proc/self/mounts' format),
 * the innermost first. 0, or -1 after a message naming the one that
 * failed: then those frozen are thawed again.
 */
int tk_freeze_filesystems(const char *cmd, const char *mounts,
			  struct tk_frozen *f);
/* Thaw what tk_freeze_filesystems() froze (a later step failed). */
void tk_thaw_filesystems(const char *cmd, struct tk_frozen *f);
/* /proc/self/mounts into @buf; 0, or -1 with errno. */
int tk_read_mounts(char *buf, size_t len);
#endif
