/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The message of a command the kernel refused (TWIN_IOC_LOAD, START,
 * STOP, RESTART, UNLOAD), after "tkctl CMD: ". Pure, for unit tests.
 */
#ifndef TK_ERRMSG_H
#define TK_ERRMSG_H

#include <stddef.h>

#include <linux/twin.h>

/*
 * tkctl's own words for errno @err of command @cmd, in @why (empty when
 * it has none; always for load, whose errors concern the files it names).
 * @st, the twin's state after the failure, may be NULL; it says whether a
 * twin that is not running had stopped or crashed.
 */
void tk_explain_errno(const char *cmd, int err, const struct twin_status *st,
		      char *why, size_t len);

/*
 * In @out: "<reason> (<strerror>)" when the kernel gave a reason in @kerr
 * (from TWIN_IOC_LAST_ERROR; NULL when there is none), else
 * "<tkctl's explanation> (<strerror>)", else "<object>: <strerror>", or
 * "<strerror>" when @object is NULL. The kernel's reason loses a leading
 * "@cmd: " (the message names the command already) and has control
 * characters replaced by '?', so that it stays one line.
 */
void tk_failure_message(char *out, size_t len, const char *cmd,
			const char *object, int err,
			const struct twin_error *kerr,
			const struct twin_status *st);

#endif
