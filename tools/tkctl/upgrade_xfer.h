/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Moving criu's image folders and the upgrade's messages over the
 * channel: A sends a folder file by file, B writes what it receives into
 * its own folders and checks each folder's totals.
 */
#ifndef TK_UPGRADE_XFER_H
#define TK_UPGRADE_XFER_H

#include <stdint.h>

#include "upgrade_wire.h"

/* Send @len bytes of message @buf on @chan; -1 with errno on failure. */
int tkup_send(int chan, const unsigned char *buf, size_t len);
int tkup_send_text(int chan, enum tkup_type type, unsigned int arg,
		   const char *text);

/*
 * Send every regular file of folder @path as image folder @dir, then its
 * end. Symbolic links (criu's "parent") are not sent: B makes its own.
 * Returns 0 and the totals, or -1 with the reason in @why.
 */
int tkup_send_dir(int chan, const char *path, unsigned int dir,
		  uint64_t *files, uint64_t *bytes, char *why, size_t whylen);

/*
 * Wait up to @timeout_ms (-1: for ever) for a message and check it. 0: @m
 * holds it; -1: errno says why (ETIMEDOUT, ENOTCONN: the other kernel is
 * gone, EPROTO: a bad message, its reason in @why).
 */
int tkup_recv(int chan, unsigned char *buf, struct tkup_msg *m,
	      int timeout_ms, char *why, size_t whylen);

/* B: where received folders go, and what came so far. */
struct tkup_sink {
	int dirfd[TKUP_DIR_MAX];
	uint64_t files[TKUP_DIR_MAX];
	uint64_t bytes[TKUP_DIR_MAX];
	uint64_t bytes_max;		/* of all folders together */
	uint64_t bytes_all;
	int done[TKUP_DIR_MAX];		/* its end came and matched */
};

/* Open (make) @top/{test,pre,final,pre1,...}; finalN/parent -> ../preN. */
int tkup_sink_open(struct tkup_sink *s, const char *top, uint64_t bytes_max,
		   char *why, size_t whylen);
void tkup_sink_close(struct tkup_sink *s);
/* Write a TKUP_FILE piece, or check a TKUP_DIR_END: 0, or -1 and why. */
int tkup_sink_put(struct tkup_sink *s, const struct tkup_msg *m,
		  char *why, size_t whylen);

#endif
