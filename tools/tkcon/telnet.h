/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Telnet, as much as a console logger needs: the serial ports of a libvirt
 * domain are QEMU telnet servers (<protocol type='telnet'/>), which send
 * option negotiations (IAC WILL ECHO, ...) in the byte stream and double a
 * data byte 0xff (IAC IAC). telnet_filter takes the commands out of what
 * the server sent, telnet_escape doubles 0xff in what is sent to it.
 * Negotiations are not answered: QEMU's server needs no answer.
 */
#ifndef TELNET_H
#define TELNET_H

#include <stddef.h>

#define TELNET_IAC 255
#define TELNET_SE 240
#define TELNET_SB 250
#define TELNET_WILL 251
#define TELNET_DONT 254

struct telnet {
	int state;	/* where the parser is inside a command */
};

void telnet_init(struct telnet *t);
/*
 * Copy the data bytes of IN[0..N) to OUT (room for N bytes; OUT may be
 * IN), without the telnet commands; a command may be cut across calls.
 * Returns the number of data bytes written.
 */
size_t telnet_filter(struct telnet *t, const char *in, size_t n, char *out);
/* Copy IN[0..N) to OUT (room for 2 * N bytes), 0xff doubled. Returns the
 * number of bytes written. */
size_t telnet_escape(const char *in, size_t n, char *out);

#endif
