/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A subcommand's options, the same way for every subcommand: getopt_long,
 * so options and operands come in any order, "--" ends the options, long
 * options may be abbreviated and take "--opt VALUE" or "--opt=VALUE";
 * -h/--help anywhere prints the usage (and nothing else is done); a bad
 * option is named in one message, exit status 2.
 */
#ifndef TK_OPTIONS_H
#define TK_OPTIONS_H

#include <getopt.h>

#include "tkctl.h"

/* Every subcommand's longopts end with these two entries. */
#define TK_OPT_HELP_ENTRY	{ "help", no_argument, NULL, 'h' }
#define TK_OPT_END_ENTRY	{ NULL, 0, NULL, 0 }

/* Values of options that have no short form start here. */
#define TK_OPT_LONG_ONLY	256

enum {
	TK_OPTS_END = -1,	/* no more options: operands from optind */
	TK_OPTS_HELP = -2,	/* the usage was printed */
	TK_OPTS_BAD = -3,	/* an error naming the option was printed */
};

struct tk_opts {
	const struct tk_command *cmd;
	int argc;
	char **argv;
	const char *shortopts;	/* getopt's, with "h"; no leading ':' */
	const struct option *longopts;
	char optstring[32];	/* private */
	int started;		/* private */
};

/* The next option of @o: its value (its argument in optarg), or TK_OPTS_*. */
int tk_opts_next(struct tk_opts *o);
/* The exit status for TK_OPTS_HELP or TK_OPTS_BAD. */
int tk_opts_exit(int status);
/* After the options, for a command that takes no operands: 0, or an error
 * naming the first one and TK_EXIT_USAGE. */
int tk_opts_no_operands(const struct tk_opts *o);
/*
 * The whole parse for a command without options and operands: -1 to go
 * on, or the exit status to return (help printed, or an error).
 */
int tk_opts_none(const char *cmd, int argc, char **argv);

#endif
