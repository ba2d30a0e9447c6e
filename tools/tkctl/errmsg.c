// SPDX-License-Identifier: GPL-2.0
/* The message of a command the kernel refused: the kernel's own reason
 * (TWIN_IOC_LAST_ERROR) or, when it gave none, tkctl's reading of the
 * errno. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "errmsg.h"
#include "names.h"

void tk_explain_errno(const char *cmd, int err, const struct twin_status *st,
		      char *why, size_t len)
{
	char buf[TK_NAME_LEN];

	why[0] = '\0';
	/* load's errors are about the files it names: "KERNEL: errno". */
	if (!strcmp(cmd, "load"))
		return;
	if (err == ENOENT)
		snprintf(why, len, "no twin kernel is loaded");
	else if (err == EBUSY && !strcmp(cmd, "start"))
		snprintf(why, len, "the twin kernel is running or its CPU is busy");
	else if (err == EBUSY)
		snprintf(why, len, "the twin kernel is running");
	else if (err == EINVAL && !strcmp(cmd, "stop") && st &&
		 (st->state == TWIN_STATE_STOPPED ||
		  st->state == TWIN_STATE_CRASHED)) {
		const char *reason = st->reason;
		int n = (int)strnlen(reason, sizeof(st->reason));

		if (!n) {
			reason = "no reason given";
			n = (int)strlen(reason);
		}
		snprintf(why, len, "the twin kernel is not running: it had already %s: %.*s",
			 tk_state_name(st->state, buf), n, reason);
	} else if (err == EINVAL && !strcmp(cmd, "stop"))
		snprintf(why, len, "the twin kernel is not running");
	else if (err == ESTALE)
		snprintf(why, len, "the kernel or initrd file changed since load: load it again");
	else if (err == EOPNOTSUPP)
		snprintf(why, len, "not for a twin loaded with kexec -p");
}

/* The kernel's reason in @out: bounded, one line, without "@cmd: ". */
static void kernel_reason(const struct twin_error *kerr, const char *cmd,
			  char *out, size_t len)
{
	size_t n = strnlen(kerr->msg, sizeof(kerr->msg));
	size_t c = strlen(cmd);
	const char *s = kerr->msg;

	if (n > c + 1 && !strncmp(s, cmd, c) && s[c] == ':' && s[c + 1] == ' ') {
		s += c + 2;
		n -= c + 2;
	}
	while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
		n--;
	if (n >= len)
		n = len - 1;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		out[i] = ch < 0x20 || ch == 0x7f ? '?' : (char)ch;
	}
	out[n] = '\0';
}

void tk_failure_message(char *out, size_t len, const char *cmd,
			const char *object, int err,
			const struct twin_error *kerr,
			const struct twin_status *st)
{
	char why[sizeof(kerr->msg)];

	why[0] = '\0';
	if (kerr)
		kernel_reason(kerr, cmd, why, sizeof(why));
	if (!why[0])
		tk_explain_errno(cmd, err, st, why, sizeof(why));
	if (why[0])
		snprintf(out, len, "%s (%s)", why, strerror(err));
	else if (object)
		snprintf(out, len, "%s: %s", object, strerror(err));
	else
		snprintf(out, len, "%s", strerror(err));
}
