/* SPDX-License-Identifier: GPL-2.0 */
/* tkctl's interface to the kernel: /sys/kernel/twin, /dev/twinctl, and
 * the kernel's own reason for a refusal (its "twin:" log lines). */
#ifndef TK_TWINCTL_H
#define TK_TWINCTL_H

#include <stddef.h>

#include <linux/twin.h>

#define TK_SYSFS "/sys/kernel/twin"
#define TK_DEV "/dev/twinctl"

/* Read /sys/kernel/twin/NAME without its newline; 0 or -errno. */
int tk_sysfs_read(const char *name, char *buf, size_t len);
/* The same for any sysfs path. */
int tk_file_read(const char *path, char *buf, size_t len);
int tk_file_write(const char *path, const char *text);
/* Why this kernel has no twin files: " (this is kernel B ...)" or
 * " (kernel built without CONFIG_TWIN_KERNEL?)", for a message. */
const char *tk_no_twin_hint(void);
/* Open /dev/twinctl; prints the error itself. Returns fd or -1. */
int tk_open_ctl(const char *cmd);
/* Start collecting kernel log lines; returns a handle or -1. */
int tk_kmsg_begin(void);
/* Print the "twin:" lines the kernel logged since tk_kmsg_begin(). */
void tk_kmsg_explain(int handle);

/*
 * Issue a twin ioctl without argument: 0, or -1 after an error that says
 * the errno, what it means for @cmd, and the kernel's own "twin:" lines.
 */
int tk_twin_ioctl(const char *cmd, unsigned long req);
/* When the twin has stopped or crashed: 1, with the state ("stopped" or
 * "crashed") and why (/sys/kernel/twin/reason); else 0. */
int tk_twin_ended(char *state, size_t state_len, char *reason,
		  size_t reason_len);
/* Wait until /sys/kernel/twin/state is one of the comma-separated @states. */
int tk_wait_state(const char *states, unsigned int timeout_ms);

#endif
