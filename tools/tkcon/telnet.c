// SPDX-License-Identifier: GPL-2.0
/*
 * Telnet commands out of a console's byte stream (telnet.h).
 */
#include "telnet.h"

enum {
	T_DATA,		/* plain data */
	T_IAC,		/* after IAC */
	T_OPTION,	/* after IAC WILL/WONT/DO/DONT: the option byte */
	T_SB,		/* inside a subnegotiation, up to IAC SE */
	T_SB_IAC,	/* IAC inside a subnegotiation */
};

void telnet_init(struct telnet *t)
{
	t->state = T_DATA;
}

size_t telnet_filter(struct telnet *t, const char *in, size_t n, char *out)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)in[i];

		switch (t->state) {
		case T_DATA:
			if (c == TELNET_IAC)
				t->state = T_IAC;
			else
				out[o++] = in[i];
			break;
		case T_IAC:
			if (c == TELNET_IAC) {
				out[o++] = in[i];	/* an escaped 0xff */
				t->state = T_DATA;
			} else if (c >= TELNET_WILL && c <= TELNET_DONT) {
				t->state = T_OPTION;
			} else if (c == TELNET_SB) {
				t->state = T_SB;
			} else {
				t->state = T_DATA;	/* a two-byte command */
			}
			break;
		case T_OPTION:
			t->state = T_DATA;
			break;
		case T_SB:
			if (c == TELNET_IAC)
				t->state = T_SB_IAC;
			break;
		case T_SB_IAC:
			/* IAC SE ends it; IAC IAC is data inside it. */
			t->state = c == TELNET_SE ? T_DATA : T_SB;
			break;
		}
	}
	return o;
}

size_t telnet_escape(const char *in, size_t n, char *out)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		out[o++] = in[i];
		if ((unsigned char)in[i] == TELNET_IAC)
			out[o++] = in[i];
	}
	return o;
}
