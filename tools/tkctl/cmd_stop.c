// SPDX-License-Identifier: GPL-2.0
/*
 * tkctl stop: ask a running twin to shut down cleanly, and wait until it
 * says it stopped (at most --timeout seconds, default 30). Success only
 * when it did: a twin that was not running (it had stopped or crashed
 * before), crashed instead of stopping, or did not stop in time is an
 * error that says which, and why.
 */
#include <stdio.h>
#include <string.h>

#include "options.h"
#include "parse.h"
#include "tkctl.h"
#include "twinctl.h"

int cmd_stop(int argc, char **argv)
{
	enum { TIMEOUT = TK_OPT_LONG_ONLY };
	static const struct option longopts[] = {
		{ "timeout", required_argument, NULL, TIMEOUT },
		TK_OPT_HELP_ENTRY, TK_OPT_END_ENTRY,
	};
	struct tk_opts opts = {
		.cmd = tk_find_command("stop"), .argc = argc, .argv = argv,
		.shortopts = "h", .longopts = longopts,
	};
	unsigned long timeout = 30;
	char state[32], reason[128];
	int c;

	while ((c = tk_opts_next(&opts)) >= 0) {
		if (c == TIMEOUT && tk_parse_ulong(optarg, 1, 86400, &timeout)) {
			tk_err("stop", "bad timeout '%s' for --timeout (seconds, 1..86400)",
			       optarg);
			return TK_EXIT_USAGE;
		}
	}
	if (c != TK_OPTS_END)
		return tk_opts_exit(c);
	if (tk_opts_no_operands(&opts))
		return TK_EXIT_USAGE;
	/* Not running (also: stopped or crashed before) is EINVAL, said so. */
	if (tk_twin_ioctl("stop", TWIN_IOC_STOP))
		return TK_EXIT_FAIL;
	if (tk_wait_state("stopped,crashed", (unsigned int)timeout * 1000)) {
		tk_err("stop", "the twin kernel did not stop within %lu s: it still runs",
		       timeout);
		return TK_EXIT_FAIL;
	}
	if (!tk_twin_ended(state, sizeof(state), reason, sizeof(reason))) {
		/* Another tkctl restarted or unloaded it meanwhile. */
		tk_err("stop", "the twin kernel stopped, then its state changed to '%s'",
		       state);
		return TK_EXIT_FAIL;
	}
	if (!strcmp(state, "crashed")) {
		tk_err("stop", "the twin kernel crashed before it stopped cleanly: %s",
		       reason);
		return TK_EXIT_FAIL;
	}
	printf("twin kernel stopped: %s\n", reason);
	return TK_EXIT_OK;
}
