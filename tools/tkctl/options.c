// SPDX-License-Identifier: GPL-2.0
/* A subcommand's options: getopt_long with tkctl's help and messages. */
#include <stdio.h>
#include <string.h>

#include "options.h"

/* The long option whose value is @val, or NULL. */
static const struct option *long_by_val(const struct tk_opts *o, int val)
{
	for (const struct option *l = o->longopts; l->name; l++)
		if (!l->flag && l->val == val)
			return l;
	return NULL;
}

/* How many long options start with the name in @elem ("--name[=value]")? */
static int long_matches(const struct tk_opts *o, const char *elem)
{
	size_t len = strcspn(elem + 2, "=");
	int n = 0;

	for (const struct option *l = o->longopts; l->name; l++)
		n += !strncmp(l->name, elem + 2, len);
	return n;
}

/* One pass over all the options, errors ignored: was help asked for? */
static int asks_for_help(struct tk_opts *o)
{
	int c, help = 0;

	optind = 0;	/* glibc: a fresh scan */
	opterr = 0;
	while ((c = getopt_long(o->argc, o->argv, o->optstring, o->longopts,
				NULL)) != -1)
		if (c == 'h')
			help = 1;
	optind = 0;
	return help;
}

static void bad_option(const struct tk_opts *o, int c)
{
	const char *cmd = o->cmd->name, *elem = o->argv[optind - 1];
	const struct option *l = long_by_val(o, optopt);

	if (c == ':' && !strncmp(elem, "--", 2))
		tk_err(cmd, "option '%s' needs a value (try '%s %s --help')",
		       elem, tk_progname, cmd);
	else if (c == ':')
		tk_err(cmd, "option '-%c' needs a value (try '%s %s --help')",
		       optopt, tk_progname, cmd);
	else if (!optopt)
		tk_err(cmd, "%s option '%s' (try '%s %s --help')",
		       long_matches(o, elem) > 1 ? "ambiguous" : "unknown",
		       elem, tk_progname, cmd);
	else if (l)	/* a value given to a long option that takes none */
		tk_err(cmd, "option '--%s' takes no value (try '%s %s --help')",
		       l->name, tk_progname, cmd);
	else
		tk_err(cmd, "unknown option '-%c' (try '%s %s --help')",
		       optopt, tk_progname, cmd);
}

int tk_opts_next(struct tk_opts *o)
{
	int c;

	if (!o->started) {
		o->started = 1;
		/* ':' first: a missing value is told apart from an unknown option. */
		snprintf(o->optstring, sizeof(o->optstring), ":%s", o->shortopts);
		if (asks_for_help(o)) {
			tk_usage(o->cmd, 0);
			return TK_OPTS_HELP;
		}
	}
	c = getopt_long(o->argc, o->argv, o->optstring, o->longopts, NULL);
	if (c == -1)
		return TK_OPTS_END;
	if (c == ':' || c == '?') {
		bad_option(o, c);
		return TK_OPTS_BAD;
	}
	return c;
}

int tk_opts_exit(int status)
{
	return status == TK_OPTS_HELP ? TK_EXIT_OK : TK_EXIT_USAGE;
}

int tk_opts_no_operands(const struct tk_opts *o)
{
	if (optind >= o->argc)
		return 0;
	tk_err(o->cmd->name, "unexpected argument '%s' (try '%s %s --help')",
	       o->argv[optind], tk_progname, o->cmd->name);
	return TK_EXIT_USAGE;
}

int tk_opts_none(const char *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
		TK_OPT_HELP_ENTRY, TK_OPT_END_ENTRY,
	};
	struct tk_opts o = {
		.cmd = tk_find_command(cmd), .argc = argc, .argv = argv,
		.shortopts = "h", .longopts = longopts,
	};
	int c = tk_opts_next(&o);

	if (c != TK_OPTS_END)
		return tk_opts_exit(c);
	return tk_opts_no_operands(&o) ? TK_EXIT_USAGE : -1;
}
