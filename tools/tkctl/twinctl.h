/* SPDX-License-Identifier: GPL-2.0 */
/* tkctl's interface to the kernel: /sys/kernel/twin, /dev/twinctl (with
 * the kernel's own reason for a refusal, TWIN_IOC_LAST_ERROR) and
 * /dev/twin. */
#ifndef TK_TWINCTL_H
#define TK_TWINCTL_H

#include <stddef.h>

#include <linux/twin.h>

#define TK_SYSFS "/sys/kernel/twin"
#define TK_DEV "/dev/twinctl"
#define TK_CHAN_DEV "/dev/twin"

/* Read /sys/kernel/twin/NAME without its newline; 0 or -errno. */
int tk_sysfs_read(const char *name, char *buf, size_t len);
/* The same for any sysfs path. */
int tk_file_read(const char *path, char *buf, size_t len);
int tk_file_write(const char *path, const char *text);
/* Why this kernel has no /dev/twinctl: " (this is a twin kernel ...)"
 * when it has /dev/twin, else " (kernel built without
 * CONFIG_TWIN_KERNEL?)", for a message. */
const char *tk_no_twin_hint(void);
/* Open /dev/twinctl; prints the error itself. Returns fd or -1. */
int tk_open_ctl(const char *cmd);

/*
 * Issue command @req (with @arg) on the open /dev/twinctl @ctl: 0, or -1
 * after one error line: the kernel's reason for the refusal, read with
 * TWIN_IOC_LAST_ERROR on the same @ctl, or tkctl's own reading of the
 * errno, or "@object: errno" (errmsg.h).
 */
int tk_ctl_command(int ctl, const char *cmd, unsigned long req, void *arg,
		   const char *object);
/* Open /dev/twinctl and issue the argument-less command @req there. */
int tk_twin_ioctl(const char *cmd, unsigned long req);
/* When the twin has stopped or crashed: 1, with the state ("stopped" or
 * "crashed") and why (/sys/kernel/twin/reason); else 0. */
int tk_twin_ended(char *state, size_t state_len, char *reason,
		  size_t reason_len);
/* Wait until /sys/kernel/twin/state is one of the comma-separated @states. */
int tk_wait_state(const char *states, unsigned int timeout_ms);

#endif
