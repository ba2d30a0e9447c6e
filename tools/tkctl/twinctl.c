// SPDX-License-Identifier: GPL-2.0
/* tkctl's interface to the kernel. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "errmsg.h"
#include "tkctl.h"
#include "twinctl.h"

int tk_file_read(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	if (n < 0) {
		int e = errno;

		close(fd);
		return -e;
	}
	close(fd);
	buf[n] = '\0';
	if (n > 0 && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return 0;
}

int tk_file_write(const char *path, const char *text)
{
	size_t len = strlen(text);
	ssize_t n;
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	n = write(fd, text, len);
	if (n < 0) {
		int e = errno;

		close(fd);
		return -e;
	}
	close(fd);
	return (size_t)n == len ? 0 : -EIO;
}

int tk_sysfs_read(const char *name, char *buf, size_t len)
{
	char path[256];

	snprintf(path, sizeof(path), TK_SYSFS "/%s", name);
	return tk_file_read(path, buf, len);
}

const char *tk_no_twin_hint(void)
{
	/* Kernel B has the channel's device but hosts no twin of its own. */
	if (!access(TK_CHAN_DEV, F_OK))
		return " (this is a twin kernel: it hosts no twin of its own)";
	return " (kernel built without CONFIG_TWIN_KERNEL?)";
}

int tk_open_ctl(const char *cmd)
{
	int fd = open(TK_DEV, O_RDWR | O_CLOEXEC);
	int e = errno;

	if (fd < 0)
		tk_err(cmd, "%s: %s%s", TK_DEV, strerror(e),
		       e == ENOENT ? tk_no_twin_hint() : "");
	return fd;
}

int tk_twin_ended(char *state, size_t state_len, char *reason,
		  size_t reason_len)
{
	if (tk_sysfs_read("state", state, state_len)) {
		snprintf(state, state_len, "unknown");
		return 0;
	}
	if (strcmp(state, "stopped") && strcmp(state, "crashed"))
		return 0;
	if (tk_sysfs_read("reason", reason, reason_len) || !reason[0])
		snprintf(reason, reason_len, "no reason given");
	return 1;
}

int tk_ctl_command(int ctl, const char *cmd, unsigned long req, void *arg,
		   const char *object)
{
	struct twin_error kerr;
	struct twin_status st;
	char msg[512];
	int e;

	if (!ioctl(ctl, req, arg))
		return 0;
	e = errno;
	/* Both on the same open file: the reason is this file's last one. */
	memset(&kerr, 0, sizeof(kerr));
	memset(&st, 0, sizeof(st));
	tk_failure_message(msg, sizeof(msg), cmd, object, e,
			   ioctl(ctl, TWIN_IOC_LAST_ERROR, &kerr) ? NULL : &kerr,
			   ioctl(ctl, TWIN_IOC_STATUS, &st) ? NULL : &st);
	tk_err(cmd, "%s", msg);
	return -1;
}

int tk_twin_ioctl(const char *cmd, unsigned long req)
{
	int ctl, ret;

	ctl = tk_open_ctl(cmd);
	if (ctl < 0)
		return -1;
	ret = tk_ctl_command(ctl, cmd, req, NULL, NULL);
	close(ctl);
	return ret;
}

static int state_in(const char *state, const char *states)
{
	size_t n = strlen(state);
	const char *p = states;

	while ((p = strstr(p, state))) {
		if ((p == states || p[-1] == ',') && (p[n] == ',' || !p[n]))
			return 1;
		p += n;
	}
	return 0;
}

int tk_wait_state(const char *states, unsigned int timeout_ms)
{
	struct timespec pause = { 0, 50 * 1000 * 1000 };
	char state[64];

	for (unsigned int t = 0; t <= timeout_ms; t += 50) {
		if (!tk_sysfs_read("state", state, sizeof(state)) &&
		    state_in(state, states))
			return 0;
		nanosleep(&pause, NULL);
	}
	return -ETIMEDOUT;
}
