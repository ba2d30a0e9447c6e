// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the message of a refused command (errmsg.c): the kernel's
 * reason from TWIN_IOC_LAST_ERROR first, else tkctl's reading of the
 * errno, else the object and the errno; always the errno's words.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "errmsg.h"

static char out[512];

static struct twin_error *reason(const char *msg)
{
	static struct twin_error e;

	memset(&e, 0, sizeof(e));
	strncpy(e.msg, msg, sizeof(e.msg) - 1);
	return &e;
}

/* "@why (<strerror(@err)>)" */
static void expect_why(const char *why, int err)
{
	char want[512];

	snprintf(want, sizeof(want), "%s (%s)", why, strerror(err));
	assert_string_equal(out, want);
}

/* The kernel's reason wins, without the command's own name in front. */
static void kernel_reason_first(void **state)
{
	(void)state;
	tk_failure_message(out, sizeof(out), "unload", NULL, EBUSY,
			   reason("unload: the twin is running on CPU 1"), NULL);
	expect_why("the twin is running on CPU 1", EBUSY);
	tk_failure_message(out, sizeof(out), "start", NULL, EIO,
			   reason("start: CPU 1 went offline but did not enter the twin"),
			   NULL);
	expect_why("CPU 1 went offline but did not enter the twin", EIO);
	/* Without a prefix, or another command's: as the kernel said it. */
	tk_failure_message(out, sizeof(out), "restart", NULL, EIO,
			   reason("cannot take CPU 1 back from the stopped twin: -5"),
			   NULL);
	expect_why("cannot take CPU 1 back from the stopped twin: -5", EIO);
	tk_failure_message(out, sizeof(out), "restart", NULL, ENOEXEC,
			   reason("load: not a bzImage (no boot signature or HdrS)"),
			   NULL);
	expect_why("load: not a bzImage (no boot signature or HdrS)", ENOEXEC);
	/* Not a prefix: "startup" is not "start". */
	tk_failure_message(out, sizeof(out), "start", NULL, EIO,
			   reason("startup: x"), NULL);
	expect_why("startup: x", EIO);
}

/* load: the kernel's reason, or else the kernel file and the errno. */
static void load(void **state)
{
	char want[128];

	(void)state;
	tk_failure_message(out, sizeof(out), "load", "/boot/bzImage-b", ENODEV,
			   reason("load: CPU 7 does not exist"), NULL);
	expect_why("CPU 7 does not exist", ENODEV);
	/* Not tkctl's "no twin kernel is loaded", which is no load error. */
	tk_failure_message(out, sizeof(out), "load", "/boot/bzImage-b", ENOENT,
			   reason(""), NULL);
	snprintf(want, sizeof(want), "/boot/bzImage-b: %s", strerror(ENOENT));
	assert_string_equal(out, want);
	tk_failure_message(out, sizeof(out), "load", "/boot/bzImage-b", EBUSY,
			   NULL, NULL);
	snprintf(want, sizeof(want), "/boot/bzImage-b: %s", strerror(EBUSY));
	assert_string_equal(out, want);
}

/* An empty reason (or none: an older kernel) gives tkctl's own words. */
static void errno_explained(void **state)
{
	struct twin_status st;

	(void)state;
	tk_failure_message(out, sizeof(out), "start", NULL, ENOENT, reason(""), NULL);
	expect_why("no twin kernel is loaded", ENOENT);
	tk_failure_message(out, sizeof(out), "unload", NULL, ENOENT, NULL, NULL);
	expect_why("no twin kernel is loaded", ENOENT);
	tk_failure_message(out, sizeof(out), "start", NULL, EBUSY, reason(""), NULL);
	expect_why("the twin kernel is running or its CPU is busy", EBUSY);
	tk_failure_message(out, sizeof(out), "restart", NULL, EBUSY, reason(""), NULL);
	expect_why("the twin kernel is running", EBUSY);
	tk_failure_message(out, sizeof(out), "restart", NULL, ESTALE, reason(""), NULL);
	expect_why("the kernel or initrd file changed since load: load it again", ESTALE);
	tk_failure_message(out, sizeof(out), "stop", NULL, EOPNOTSUPP, reason(""), NULL);
	expect_why("not for a twin loaded with kexec -p", EOPNOTSUPP);
	/* A reason that was only the command's name is no reason. */
	tk_failure_message(out, sizeof(out), "start", NULL, ENOENT,
			   reason("start: \n"), NULL);
	expect_why("no twin kernel is loaded", ENOENT);
	/* stop: whether and why B had ended, from the status snapshot. */
	memset(&st, 0, sizeof(st));
	st.state = TWIN_STATE_CRASHED;
	strcpy(st.reason, "no heartbeat for 1100 ms");
	tk_failure_message(out, sizeof(out), "stop", NULL, EINVAL, reason(""), &st);
	expect_why("the twin kernel is not running: it had already crashed: no heartbeat for 1100 ms",
		   EINVAL);
	st.state = TWIN_STATE_STOPPED;
	st.reason[0] = '\0';
	tk_failure_message(out, sizeof(out), "stop", NULL, EINVAL, reason(""), &st);
	expect_why("the twin kernel is not running: it had already stopped: no reason given",
		   EINVAL);
	st.state = TWIN_STATE_LOADED;
	tk_failure_message(out, sizeof(out), "stop", NULL, EINVAL, reason(""), &st);
	expect_why("the twin kernel is not running", EINVAL);
	tk_failure_message(out, sizeof(out), "stop", NULL, EINVAL, reason(""), NULL);
	expect_why("the twin kernel is not running", EINVAL);
	/* A reason without NUL: only its bytes, not the channel's after it. */
	st.state = TWIN_STATE_CRASHED;
	memset(st.reason, 'r', sizeof(st.reason));
	memset(&st.chan, 'Z', sizeof(st.chan));
	tk_failure_message(out, sizeof(out), "stop", NULL, EINVAL, NULL, &st);
	assert_null(strchr(out, 'Z'));
	assert_int_equal(strspn(strstr(out, "rrr"), "r"), sizeof(st.reason));
}

/* Nothing to add: the errno alone. */
static void errno_alone(void **state)
{
	(void)state;
	tk_failure_message(out, sizeof(out), "start", NULL, EPERM, reason(""), NULL);
	assert_string_equal(out, strerror(EPERM));
}

/* The kernel's reason stays one line and inside its 256 bytes. */
static void reason_bounded(void **state)
{
	struct {
		struct twin_error e;
		char after[16];
	} k;
	char want[64];
	size_t len;

	(void)state;
	memset(&k, 'Z', sizeof(k));
	memset(k.e.msg, 'k', sizeof(k.e.msg));
	tk_failure_message(out, sizeof(out), "start", NULL, EIO, &k.e, NULL);
	assert_null(strchr(out, 'Z'));
	len = strspn(out, "k");
	assert_int_equal(len, sizeof(k.e.msg) - 1);
	snprintf(want, sizeof(want), " (%s)", strerror(EIO));
	assert_string_equal(out + len, want);
	tk_failure_message(out, sizeof(out), "stop", NULL, EIO,
			   reason("stop: two\nlines\tand\x1b[31mcolour\x7f\n"), NULL);
	expect_why("two?lines?and?[31mcolour?", EIO);
	/* A small buffer: cut, still a string. */
	tk_failure_message(out, 12, "stop", NULL, EIO, reason("stop: a long reason"), NULL);
	assert_string_equal(out, "a long reas");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kernel_reason_first),
		cmocka_unit_test(load),
		cmocka_unit_test(errno_explained),
		cmocka_unit_test(errno_alone),
		cmocka_unit_test(reason_bounded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
