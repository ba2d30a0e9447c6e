// SPDX-License-Identifier: GPL-2.0
/* tkctl's interface to the kernel. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

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
	char chan[16];

	/* Kernel B has the channel's files but hosts no twin of its own. */
	if (!tk_sysfs_read("channel/state", chan, sizeof(chan)))
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

int tk_kmsg_begin(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd >= 0)
		lseek(fd, 0, SEEK_END);
	return fd;
}

void tk_kmsg_explain(int fd)
{
	char rec[1024];
	ssize_t n;

	if (fd < 0)
		return;
	/* Each read returns one record: "prio,seq,time,flags;text\n". */
	while ((n = read(fd, rec, sizeof(rec) - 1)) > 0 || (n < 0 && errno == EPIPE)) {
		char *text, *nl;

		if (n <= 0)
			continue;
		rec[n] = '\0';
		text = strchr(rec, ';');
		if (!text || strncmp(text + 1, "twin: ", 6))
			continue;
		text++;
		nl = strchr(text, '\n');
		if (nl)
			*nl = '\0';
		fprintf(stderr, "  kernel: %s\n", text);
	}
	close(fd);
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

/* What errno @e means for @cmd, in @why (empty when nothing to add). */
static void explain(const char *cmd, int e, char *why, size_t len)
{
	char state[32], reason[128];

	why[0] = '\0';
	if (e == ENOENT)
		snprintf(why, len, "no twin kernel is loaded");
	else if (e == EBUSY && !strcmp(cmd, "start"))
		snprintf(why, len, "the twin kernel is running or its CPU is busy");
	else if (e == EBUSY)
		snprintf(why, len, "the twin kernel is running");
	else if (e == EINVAL && !strcmp(cmd, "stop") &&
		 tk_twin_ended(state, sizeof(state), reason, sizeof(reason)))
		snprintf(why, len, "the twin kernel is not running: it had already %s: %s",
			 state, reason);
	else if (e == EINVAL && !strcmp(cmd, "stop"))
		snprintf(why, len, "the twin kernel is not running");
	else if (e == ESTALE)
		snprintf(why, len, "the kernel or initrd file changed since load: load it again");
	else if (e == EOPNOTSUPP)
		snprintf(why, len, "not for a twin loaded with kexec -p");
}

int tk_twin_ioctl(const char *cmd, unsigned long req)
{
	char why[256];
	int ctl, kmsg, e;

	ctl = tk_open_ctl(cmd);
	if (ctl < 0)
		return -1;
	kmsg = tk_kmsg_begin();
	if (!ioctl(ctl, req)) {
		if (kmsg >= 0)
			close(kmsg);
		close(ctl);
		return 0;
	}
	e = errno;
	explain(cmd, e, why, sizeof(why));
	if (why[0])
		tk_err(cmd, "%s (%s)", why, strerror(e));
	else
		tk_err(cmd, "%s", strerror(e));
	tk_kmsg_explain(kmsg);
	close(ctl);
	return -1;
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
