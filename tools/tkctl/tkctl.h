/* SPDX-License-Identifier: GPL-2.0 */
/* tkctl: control a Twin Kernel (a second kernel beside the running one). */
#ifndef TKCTL_H
#define TKCTL_H

/* Exit codes, documented in tkctl(8) and "tkctl --help". */
enum tk_exit {
	TK_EXIT_OK = 0,		/* success */
	TK_EXIT_FAIL = 1,	/* the kernel or the system refused (errno shown) */
	TK_EXIT_USAGE = 2,	/* bad command line: nothing was changed */
};

struct tk_command {
	const char *name;
	const char *summary;
	const char *usage;	/* man-style synopsis and options */
	int (*run)(int argc, char **argv);
};

extern const struct tk_command tk_commands[];
extern const char *tk_progname;

/* Print "tkctl CMD: message" to stderr (printf-style). */
void tk_err(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Print the usage of @cmd to @to. */
void tk_usage(const struct tk_command *cmd, int to_stderr);
const struct tk_command *tk_find_command(const char *name);

/* Each gets the command's own name in argv[0]. */
int cmd_load(int argc, char **argv);
int cmd_lifecycle(int argc, char **argv);	/* start, restart, unload */
int cmd_status(int argc, char **argv);
int cmd_stop(int argc, char **argv);
int cmd_log(int argc, char **argv);
int cmd_grow(int argc, char **argv);
int cmd_handover(int argc, char **argv);
int cmd_send(int argc, char **argv);
int cmd_recv(int argc, char **argv);
int cmd_ping(int argc, char **argv);
int cmd_share_net(int argc, char **argv);
int cmd_upgrade(int argc, char **argv);
int cmd_upgrade_recv(int argc, char **argv);

#endif
