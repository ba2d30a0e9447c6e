// SPDX-License-Identifier: GPL-2.0
/* tkctl status: the twin's state from /sys/kernel/twin, for people or,
 * with --json, for scripts. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "options.h"
#include "tkctl.h"
#include "twinctl.h"

struct chan_status {
	char state[16];
	unsigned long long tx_msgs, tx_bytes, rx_msgs, rx_bytes, drops, errors;
};

struct status {
	char state[32], b_state[32], b_release[80], reason[128];
	long long ended_at;
	long cpu;
	unsigned long long mem_start, mem_size, running_ms, b_heartbeat,
		b_uptime_ms;
};

static unsigned long long num(const char *name)
{
	char buf[64];

	if (tk_sysfs_read(name, buf, sizeof(buf)))
		return 0;
	return strtoull(buf, NULL, 0);
}

/* JSON strings here come from the kernel; escape what JSON requires. */
static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

/* /sys/kernel/twin/channel: in A and in B. False when there is none. */
static int read_chan(struct chan_status *ch)
{
	if (tk_sysfs_read("channel/state", ch->state, sizeof(ch->state)))
		return 0;
	ch->tx_msgs = num("channel/tx_msgs");
	ch->tx_bytes = num("channel/tx_bytes");
	ch->rx_msgs = num("channel/rx_msgs");
	ch->rx_bytes = num("channel/rx_bytes");
	ch->drops = num("channel/drops");
	ch->errors = num("channel/errors");
	return 1;
}

static void print_chan(const struct chan_status *ch, int json)
{
	if (json) {
		printf("{\"state\":");
		json_str(ch->state);
		printf(",\"tx_msgs\":%llu,\"tx_bytes\":%llu,\"rx_msgs\":%llu,"
		       "\"rx_bytes\":%llu,\"drops\":%llu,\"errors\":%llu}",
		       ch->tx_msgs, ch->tx_bytes, ch->rx_msgs, ch->rx_bytes,
		       ch->drops, ch->errors);
		return;
	}
	printf("channel:    %s\n", ch->state);
	printf("  sent:     %llu messages, %llu bytes\n", ch->tx_msgs, ch->tx_bytes);
	printf("  received: %llu messages, %llu bytes\n", ch->rx_msgs, ch->rx_bytes);
	printf("  drops:    %llu\n", ch->drops);
	printf("  errors:   %llu (corrupt rings found)\n", ch->errors);
}

int cmd_status(int argc, char **argv)
{
	enum { JSON = TK_OPT_LONG_ONLY };
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, JSON },
		TK_OPT_HELP_ENTRY, TK_OPT_END_ENTRY,
	};
	struct tk_opts opts = {
		.cmd = tk_find_command("status"), .argc = argc, .argv = argv,
		.shortopts = "h", .longopts = longopts,
	};
	struct chan_status ch = { 0 };
	struct status st = { 0 };
	int have_chan;
	char buf[64];
	int c, json = 0, ret;

	while ((c = tk_opts_next(&opts)) >= 0)
		if (c == JSON)
			json = 1;
	if (c != TK_OPTS_END)
		return tk_opts_exit(c);
	if (tk_opts_no_operands(&opts))
		return TK_EXIT_USAGE;
	have_chan = read_chan(&ch);
	ret = tk_sysfs_read("state", st.state, sizeof(st.state));
	if (ret && have_chan) {
		/* Kernel B: no twin of its own, only the channel to A. */
		if (json) {
			printf("{\"role\":\"B\",\"channel\":");
			print_chan(&ch, 1);
			printf("}\n");
		} else {
			printf("role:       B (a twin kernel; kernel A is the peer)\n");
			print_chan(&ch, 0);
		}
		return TK_EXIT_OK;
	}
	if (ret) {
		tk_err("status", TK_SYSFS "/state: %s%s", strerror(-ret),
		       " (kernel built without CONFIG_TWIN_KERNEL?)");
		return TK_EXIT_FAIL;
	}
	st.cpu = tk_sysfs_read("cpu", buf, sizeof(buf)) ? -1 : strtol(buf, NULL, 10);
	st.mem_start = num("mem_start");
	st.mem_size = num("mem_size");
	st.running_ms = num("running_ms");
	st.b_heartbeat = num("b_heartbeat");
	st.b_uptime_ms = num("b_uptime_ms");
	if (tk_sysfs_read("b_state", st.b_state, sizeof(st.b_state)))
		strcpy(st.b_state, "none");
	if (tk_sysfs_read("b_release", st.b_release, sizeof(st.b_release)))
		st.b_release[0] = '\0';
	if (tk_sysfs_read("reason", st.reason, sizeof(st.reason)))
		st.reason[0] = '\0';
	st.ended_at = (long long)num("ended_at");

	if (json) {
		printf("{\"state\":");
		json_str(st.state);
		printf(",\"cpu\":%ld,\"mem_start\":%llu,\"mem_size\":%llu,"
		       "\"running_ms\":%llu,\"b_state\":", st.cpu, st.mem_start,
		       st.mem_size, st.running_ms);
		json_str(st.b_state);
		printf(",\"b_release\":");
		json_str(st.b_release);
		printf(",\"b_uptime_ms\":%llu,\"b_heartbeat\":%llu,\"reason\":",
		       st.b_uptime_ms, st.b_heartbeat);
		json_str(st.reason);
		printf(",\"ended_at\":%lld", st.ended_at);
		if (have_chan) {
			printf(",\"channel\":");
			print_chan(&ch, 1);
		}
		printf("}\n");
		return TK_EXIT_OK;
	}
	printf("state:      %s\n", st.state);
	if (st.cpu >= 0)
		printf("cpu:        %ld\n", st.cpu);
	if (st.mem_size)
		printf("memory:     0x%llx-0x%llx (%llu MiB)\n", st.mem_start,
		       st.mem_start + st.mem_size - 1, st.mem_size >> 20);
	else
		printf("memory:     none reserved (boot with twinkernel=SIZE)\n");
	if (!strcmp(st.state, "stopped") || !strcmp(st.state, "crashed")) {
		time_t t = (time_t)st.ended_at;
		char when[64];

		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", gmtime(&t));
		printf("reason:     %s\n", st.reason);
		printf("at:         %s\n", when);
		if (st.b_release[0])
			printf("b-kernel:   %s\n", st.b_release);
	}
	if (!strcmp(st.state, "running")) {
		printf("running:    %llu.%03llu s\n", st.running_ms / 1000,
		       st.running_ms % 1000);
		printf("b-state:    %s\n", st.b_state);
		if (st.b_release[0])
			printf("b-kernel:   %s\n", st.b_release);
		printf("b-uptime:   %llu.%03llu s\n", st.b_uptime_ms / 1000,
		       st.b_uptime_ms % 1000);
		printf("heartbeat:  %llu\n", st.b_heartbeat);
	}
	if (have_chan)
		print_chan(&ch, 0);
	return TK_EXIT_OK;
}
