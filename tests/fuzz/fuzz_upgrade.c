// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: what B's tkctl upgrade-recv reads from A over the
 * channel. The message parser (tkup_parse) on any bytes; a parsed file
 * piece or folder end into a sink in a scratch folder (names and offsets
 * must keep it inside); a facts payload through the facts parser, and
 * what it accepts formatted and parsed again to the same facts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "upgrade_facts.h"
#include "upgrade_wire.h"
#include "upgrade_xfer.h"

static struct tkup_sink sink;
static int sink_ready;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct tkup_msg m;
	static struct tkup_facts f, g;
	static char text[8192];
	char why[512];

	if (!sink_ready) {
		char top[] = "/tmp/tk-fuzz-upgrade.XXXXXX";

		if (!mkdtemp(top) ||
		    tkup_sink_open(&sink, top, 1 << 20, why, sizeof(why)))
			abort();
		sink_ready = 1;
	}
	if (size > TKUP_MSG_MAX || tkup_parse(data, size, &m, why, sizeof(why)))
		return 0;
	if (m.type == TKUP_FILE || m.type == TKUP_DIR_END) {
		/* Files may exist from earlier inputs: the sink refuses them. */
		memset(sink.done, 0, sizeof(sink.done));
		tkup_sink_put(&sink, &m, why, sizeof(why));
		return 0;
	}
	if (m.type == TKUP_FACTS && !tkup_facts_parse(m.text, &f, why, sizeof(why))) {
		long n = tkup_facts_format(&f, text, sizeof(text));

		if (n < 0 || tkup_facts_parse(text, &g, why, sizeof(why)) ||
		    memcmp(&f, &g, sizeof(f)))
			abort();
	}
	return 0;
}
