// SPDX-License-Identifier: GPL-2.0
/* Running a program and keeping the tail of what it printed. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "run.h"

static void keep_tail(char *out, size_t outlen, size_t *used,
		      const char *buf, size_t n)
{
	size_t cap = outlen - 1;

	if (n >= cap) {
		memcpy(out, buf + n - cap, cap);
		*used = cap;
	} else {
		if (*used + n > cap) {
			size_t drop = *used + n - cap;

			memmove(out, out + drop, *used - drop);
			*used -= drop;
		}
		memcpy(out + *used, buf, n);
		*used += n;
	}
	out[*used] = '\0';
}

int tk_run(char *const argv[], char *out, size_t outlen)
{
	return tk_run_in(NULL, argv, out, outlen);
}

int tk_run_in(const char *root, char *const argv[], char *out, size_t outlen)
{
	int pipefd[2] = { -1, -1 }, status;
	size_t used = 0;
	pid_t pid;

	if (out) {
		out[0] = '\0';
		if (pipe2(pipefd, O_CLOEXEC))
			return -1;
	}
	pid = fork();
	if (pid < 0) {
		int e = errno;

		if (out) {
			close(pipefd[0]);
			close(pipefd[1]);
		}
		errno = e;
		return -1;
	}
	if (pid == 0) {
		if (out && (dup2(pipefd[1], 1) < 0 || dup2(pipefd[1], 2) < 0))
			_exit(127);
		signal(SIGPIPE, SIG_DFL);
		if (root && (chroot(root) || chdir("/"))) {
			fprintf(stderr, "chroot %s: %s\n", root, strerror(errno));
			_exit(127);
		}
		execvp(argv[0], argv);
		fprintf(stderr, "%s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	if (out) {
		char buf[4096];
		ssize_t n;

		close(pipefd[1]);
		while ((n = read(pipefd[0], buf, sizeof(buf))) != 0) {
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0)
				break;
			keep_tail(out, outlen, &used, buf, (size_t)n);
		}
		close(pipefd[0]);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

void tk_last_line(const char *text, char *line, size_t len)
{
	const char *end = text + strlen(text), *start;

	while (end > text && (end[-1] == '\n' || end[-1] == ' '))
		end--;
	start = end;
	while (start > text && start[-1] != '\n')
		start--;
	snprintf(line, len, "%.*s", (int)(end - start), start);
}
