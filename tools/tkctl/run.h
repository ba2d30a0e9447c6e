/* SPDX-License-Identifier: GPL-2.0 */
/* Running another program (criu, tkctl's own commands) and keeping what
 * it printed, for the caller's message. */
#ifndef TK_RUN_H
#define TK_RUN_H

#include <stddef.h>

/*
 * Run @argv (argv[0] a path or a name in PATH) with its standard output
 * and error in @out (the last @outlen - 1 bytes, NUL-terminated; may be
 * NULL: then they go to ours). Returns its exit status, 128 + the signal
 * that ended it, or -1 (errno) when it could not run.
 */
int tk_run(char *const argv[], char *out, size_t outlen);
/* The same, the program running chrooted in @root (NULL: not). */
int tk_run_in(const char *root, char *const argv[], char *out, size_t outlen);

/* The last line of @text that is not empty, in @line (@len bytes). */
void tk_last_line(const char *text, char *line, size_t len);

#endif
