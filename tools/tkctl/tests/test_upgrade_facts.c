// SPDX-License-Identifier: GPL-2.0
/* Unit tests of the facts A gives B for the restore (upgrade_facts.c). */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "upgrade_facts.h"

static struct tkup_facts f;
static char why[256];

static const char good[] =
	"service 412\n"
	"root 0b5e7c2a-1d3f-4e5a-9b8c-7d6e5f4a3b2c\n"
	"nic 0000:00:03.0\n"
	"addr 10.0.2.15/24\n"
	"gw 10.0.2.2\n"
	"clock 1764915000123456789 61234567890 61234567890\n"
	"pidfile /run/redis/redis-server.pid 412 101 104\n";

static void parses(void **state)
{
	struct in_addr a;

	(void)state;
	assert_int_equal(tkup_facts_parse(good, &f, why, sizeof(why)), 0);
	assert_int_equal(f.nservices, 1);
	assert_int_equal(f.pid[0], 412);
	assert_string_equal(f.root_uuid, "0b5e7c2a-1d3f-4e5a-9b8c-7d6e5f4a3b2c");
	assert_string_equal(f.nic, "0000:00:03.0");
	assert_int_equal(f.naddrs, 1);
	inet_pton(AF_INET, "10.0.2.15", &a);
	assert_int_equal(f.addr[0], a.s_addr);
	assert_int_equal(f.prefix[0], 24);
	inet_pton(AF_INET, "10.0.2.2", &a);
	assert_int_equal(f.gw, a.s_addr);
	assert_int_equal(f.real_ns, 1764915000123456789LL);
	assert_int_equal(f.mono_ns, 61234567890LL);
	assert_int_equal(f.npidfiles, 1);
	assert_string_equal(f.pidfile[0].path, "/run/redis/redis-server.pid");
	assert_int_equal(f.pidfile[0].uid, 101);
	assert_int_equal(f.pidfile[0].gid, 104);
}

static void round_trip(void **state)
{
	static struct tkup_facts g;
	char text[2048];
	long n;

	(void)state;
	assert_int_equal(tkup_facts_parse(good, &f, why, sizeof(why)), 0);
	n = tkup_facts_format(&f, text, sizeof(text));
	assert_true(n > 0);
	assert_string_equal(text, good);
	assert_int_equal(tkup_facts_parse(text, &g, why, sizeof(why)), 0);
	assert_memory_equal(&f, &g, sizeof(f));
	assert_int_equal(tkup_facts_format(&f, text, 20), -1);
	memset(&g, 0, sizeof(g));
	assert_int_equal(tkup_facts_format(&g, text, sizeof(text)), 0);
	assert_string_equal(text, "");
}

static void refused(const char *text, const char *what)
{
	assert_int_equal(tkup_facts_parse(text, &f, why, sizeof(why)), -1);
	if (!strstr(why, what))
		fail_msg("\"%s\": reason \"%s\" does not say \"%s\"", text, why, what);
}

static void bad_facts(void **state)
{
	(void)state;
	refused("service 1\n", "service PID");
	refused("service 12x\n", "service PID");
	refused("service 99999999\n", "service PID");
	refused("root 0B5E7C2A-1D3F-4E5A-9B8C-7D6E5F4A3B2C\n", "root UUID");
	refused("root ../../etc\n", "root UUID");
	refused("nic 0000:00:3.0\n", "NIC address");
	refused("nic 0000:00:40.0\n", "NIC address");
	refused("addr 10.0.2.15\n", "without its prefix");
	refused("addr 10.0.2.15/33\n", "address");
	refused("addr 0.0.0.0/8\n", "address");
	refused("gw 300.1.1.1\n", "gateway");
	refused("clock 1 2\n", "unknown fact");
	refused("clock 1 -2 3\n", "clock");
	refused("service 5\npidfile /etc/shadow 5 0 0\n", "only a plain path under /run/");
	refused("service 5\npidfile /run/../etc/x.pid 5 0 0\n", "only a plain path");
	refused("service 5\npidfile /run//x.pid 5 0 0\n", "only a plain path");
	refused("service 5\npidfile /run/x.pid 5 0 65535\n", "owner");
	refused("service 5\npidfile /run/x.pid 6 0 0\n", "not a moved service");
	refused("oops 1\n", "unknown fact");
	refused("service\n", "a name and a value");
	refused("service 5 6 7 8 9 10 11\n", "more than 6 words");
	refused("service 5 6\n", "unknown fact");
	refused("service 5\x01\n", "a byte");
}

static void limits(void **state)
{
	char text[4096] = "";

	(void)state;
	for (int i = 0; i < TKUP_MAX_SERVICES + 1; i++) {
		char line[32];

		snprintf(line, sizeof(line), "service %d\n", 100 + i);
		strcat(text, line);
	}
	refused(text, "more than 8 services");
	memset(text, 'x', 600);
	text[600] = '\0';
	refused(text, "longer than");
	assert_int_equal(tkup_facts_parse("", &f, why, sizeof(why)), 0);
	assert_int_equal(f.nservices, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses),
		cmocka_unit_test(round_trip),
		cmocka_unit_test(bad_facts),
		cmocka_unit_test(limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
