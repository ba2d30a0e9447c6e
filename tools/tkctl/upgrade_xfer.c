// SPDX-License-Identifier: GPL-2.0
/*
 * Image folders over the channel. A reads each file once and sends it in
 * pieces of up to one message; B writes each piece at its offset, with
 * no way out of its folder (checked names, O_NOFOLLOW), and at a folder's
 * end compares the totals A announced with what it wrote.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "upgrade_xfer.h"

__attribute__((format(printf, 3, 4)))
static int fail(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
	return -1;
}

int tkup_send(int chan, const unsigned char *buf, size_t len)
{
	ssize_t n;

	do {
		n = write(chan, buf, len);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -1;
	if ((size_t)n != len) {
		errno = EIO;
		return -1;
	}
	return 0;
}

int tkup_send_text(int chan, enum tkup_type type, unsigned int arg,
		   const char *text)
{
	static unsigned char buf[TKUP_MSG_MAX];
	size_t n = tkup_build_text(buf, type, arg, text);

	if (!n) {
		errno = EMSGSIZE;
		return -1;
	}
	return tkup_send(chan, buf, n);
}

static int send_file(int chan, int dirfd, const char *name, unsigned int dir,
		     uint64_t *bytes, char *why, size_t whylen)
{
	static unsigned char msg[TKUP_MSG_MAX];
	static unsigned char data[TKUP_MSG_MAX];
	size_t chunk = tkup_file_chunk();
	uint64_t off = 0;
	struct stat st;
	int fd, ret = -1;

	fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st))
		return fail(why, whylen, "%s: %s", name, strerror(errno));
	do {
		ssize_t n = pread(fd, data, chunk, (off_t)off);
		size_t len;

		if (n < 0) {
			fail(why, whylen, "%s: %s", name, strerror(errno));
			goto out;
		}
		if (off + (uint64_t)n > (uint64_t)st.st_size) {
			fail(why, whylen, "%s grew while sent", name);
			goto out;
		}
		len = tkup_build_file(msg, dir, name, (uint64_t)st.st_size, off,
				      st.st_mode & 0777, data, (size_t)n);
		if (!len) {
			fail(why, whylen, "%s: a name the upgrade does not send", name);
			goto out;
		}
		if (tkup_send(chan, msg, len)) {
			fail(why, whylen, "sending %s: %s", name, strerror(errno));
			goto out;
		}
		off += (uint64_t)n;
		if (n == 0)
			break;
	} while (off < (uint64_t)st.st_size);
	if (off != (uint64_t)st.st_size) {
		fail(why, whylen, "%s shrank while sent", name);
		goto out;
	}
	*bytes += off;
	ret = 0;
out:
	close(fd);
	return ret;
}

int tkup_send_dir(int chan, const char *path, unsigned int dir,
		  uint64_t *files, uint64_t *bytes, char *why, size_t whylen)
{
	static unsigned char msg[TKUP_MSG_MAX];
	struct dirent *de;
	int dfd, ret = 0;
	DIR *d;

	*files = 0;
	*bytes = 0;
	d = opendir(path);
	if (!d)
		return fail(why, whylen, "%s: %s", path, strerror(errno));
	dfd = dirfd(d);
	while (!ret && (errno = 0, de = readdir(d))) {
		struct stat st;

		if (de->d_name[0] == '.')
			continue;
		if (fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW)) {
			ret = fail(why, whylen, "%s/%s: %s", path, de->d_name,
				   strerror(errno));
			break;
		}
		if (!S_ISREG(st.st_mode))
			continue;
		ret = send_file(chan, dfd, de->d_name, dir, bytes, why, whylen);
		if (!ret)
			(*files)++;
	}
	if (!ret && errno)
		ret = fail(why, whylen, "%s: %s", path, strerror(errno));
	closedir(d);
	if (ret)
		return ret;
	if (tkup_send(chan, msg, tkup_build_dir_end(msg, dir, *files, *bytes)))
		return fail(why, whylen, "sending the end of %s: %s", path,
			    strerror(errno));
	return 0;
}

static double mono_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

int tkup_recv(int chan, unsigned char *buf, struct tkup_msg *m,
	      int timeout_ms, char *why, size_t whylen)
{
	double end = mono_ms() + timeout_ms;
	struct pollfd p = { .fd = chan, .events = POLLIN };
	ssize_t n;

	for (;;) {
		int wait = timeout_ms < 0 ? -1 : (int)(end - mono_ms());

		if (timeout_ms >= 0 && wait <= 0) {
			errno = ETIMEDOUT;
			return -1;
		}
		if (poll(&p, 1, wait) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		n = read(chan, buf, TKUP_MSG_MAX);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (n < 0)
			return -1;
		break;
	}
	if (tkup_parse(buf, (size_t)n, m, why, whylen)) {
		errno = EPROTO;
		return -1;
	}
	return 0;
}

int tkup_sink_open(struct tkup_sink *s, const char *top, uint64_t bytes_max,
		   char *why, size_t whylen)
{
	char path[4096];

	memset(s, 0, sizeof(*s));
	for (unsigned int i = 0; i < TKUP_DIR_MAX; i++)
		s->dirfd[i] = -1;
	s->bytes_max = bytes_max;
	if (mkdir(top, 0700) && errno != EEXIST)
		return fail(why, whylen, "%s: %s", top, strerror(errno));
	for (unsigned int i = 0; i < TKUP_DIR_MAX; i++) {
		snprintf(path, sizeof(path), "%s/%s", top, tkup_dir_name(i));
		if (mkdir(path, 0700) && errno != EEXIST)
			return fail(why, whylen, "%s: %s", path, strerror(errno));
		s->dirfd[i] = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (s->dirfd[i] < 0)
			return fail(why, whylen, "%s: %s", path, strerror(errno));
	}
	/* criu finds the pre-copy's pages through the final folder's "parent". */
	for (unsigned int i = 0; i < TKUP_SERVICES_MAX; i++) {
		unsigned int pre = TKUP_DIR_PRE_OF(i), fin = TKUP_DIR_FINAL_OF(i);

		snprintf(path, sizeof(path), "../%s", tkup_dir_name(pre));
		if (symlinkat(path, s->dirfd[fin], "parent") && errno != EEXIST)
			return fail(why, whylen, "%s/%s/parent: %s", top,
				    tkup_dir_name(fin), strerror(errno));
	}
	return 0;
}

void tkup_sink_close(struct tkup_sink *s)
{
	for (unsigned int i = 0; i < TKUP_DIR_MAX; i++)
		if (s->dirfd[i] >= 0)
			close(s->dirfd[i]);
}

int tkup_sink_put(struct tkup_sink *s, const struct tkup_msg *m,
		  char *why, size_t whylen)
{
	unsigned int dir = m->arg;
	const char *dname = tkup_dir_name(dir);
	int fd, flags = O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC;
	ssize_t n;

	if (!dname)
		return fail(why, whylen, "folder %u", dir);
	if (s->done[dir])
		return fail(why, whylen, "folder %s is complete already", dname);
	if (m->type == TKUP_DIR_END) {
		if (m->end.files != s->files[dir] || m->end.bytes != s->bytes[dir])
			return fail(why, whylen,
				    "folder %s: %llu files, %llu bytes announced, %llu and %llu came",
				    dname, (unsigned long long)m->end.files,
				    (unsigned long long)m->end.bytes,
				    (unsigned long long)s->files[dir],
				    (unsigned long long)s->bytes[dir]);
		s->done[dir] = 1;
		return 0;
	}
	if (m->type != TKUP_FILE)
		return fail(why, whylen, "message type %d is not a file", m->type);
	if (m->data_len > s->bytes_max - s->bytes_all)
		return fail(why, whylen, "more than %llu bytes of images",
			    (unsigned long long)s->bytes_max);
	if (m->file.offset == 0) {
		flags |= O_TRUNC | O_EXCL;
		s->files[dir]++;
	}
	fd = openat(s->dirfd[dir], m->file.name, flags, m->file.mode);
	if (fd < 0)
		return fail(why, whylen, "%s/%s: %s", dname, m->file.name,
			    strerror(errno));
	n = m->data_len ? pwrite(fd, m->data, m->data_len, (off_t)m->file.offset) : 0;
	close(fd);
	if (n < 0 || (size_t)n != m->data_len)
		return fail(why, whylen, "%s/%s: %s", dname, m->file.name,
			    n < 0 ? strerror(errno) : "short write");
	s->bytes[dir] += m->data_len;
	s->bytes_all += m->data_len;
	return 0;
}
