/* SPDX-License-Identifier: GPL-2.0 */
/* Reading /proc/self/mounts (tkctl handover freezes what it lists). */
#ifndef TK_MOUNTS_H
#define TK_MOUNTS_H

#include <stddef.h>

/*
 * One line of /proc/self/mounts: 1 and the mount point (unescaped) in
 * @dir if it is a file system to freeze before retiring (read-write, from
 * a block device: its source is /dev/...), 0 if not, -1 if the line is
 * malformed or the mount point does not fit in @len.
 */
int tk_mount_to_freeze(const char *line, char *dir, size_t len);

#endif
