/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The upgrade's messages over the channel (/dev/twin) between the two
 * kernels: A's tkctl upgrade and B's tkctl upgrade-recv. One message, one
 * write: a fixed header, then the payload. What comes from the other
 * kernel is checked before use (tkup_parse), once, into local copies.
 */
#ifndef TK_UPGRADE_WIRE_H
#define TK_UPGRADE_WIRE_H

#include <stddef.h>
#include <stdint.h>

#define TKUP_MAGIC	0x31554b54u	/* "TKU1", little endian */
#define TKUP_MSG_MAX	65536		/* the channel's largest message */
#define TKUP_NAME_MAX	64		/* a file name, with its NUL */
#define TKUP_TEXT_MAX	4096		/* a text payload */
#define TKUP_FILE_MAX	(1ULL << 32)	/* one image file, at most */

enum tkup_type {
	TKUP_READY = 1,	/* B -> A: B's criu check; text: "ok" or why not */
	TKUP_FACTS,	/* A -> B: key=value lines (see cmd_upgrade.c) */
	TKUP_FILE,	/* A -> B: a piece of an image file */
	TKUP_DIR_END,	/* A -> B: an image folder is complete */
	TKUP_ACK,	/* B -> A: a folder arrived (arg: folder), text: status */
	TKUP_RESTORED,	/* B -> A: a test image restored; text: status */
	TKUP_ABORT,	/* A -> B: the upgrade stops; text: why */
	TKUP_TYPE_MAX,
};

/* The most services (process trees) one upgrade moves. */
#define TKUP_SERVICES_MAX	8

/*
 * The image folders, by number: the check phase's test image, then for
 * each service its pre-copy (while it runs) and its final dump (stopped).
 * Their names, in A and in B: "test", then "pre" and "final" for the
 * first service, "pre1" and "final1" for the second, and so on.
 */
enum tkup_dir {
	TKUP_DIR_TEST,
	TKUP_DIR_PRE,
	TKUP_DIR_FINAL,
	TKUP_DIR_MAX = 1 + 2 * TKUP_SERVICES_MAX,
};
#define TKUP_DIR_PRE_OF(service)	(TKUP_DIR_PRE + 2 * (service))
#define TKUP_DIR_FINAL_OF(service)	(TKUP_DIR_FINAL + 2 * (service))

struct tkup_hdr {
	uint32_t magic;
	uint16_t type;
	uint16_t arg;		/* the folder, for FILE, DIR_END and ACK */
	uint32_t len;		/* payload bytes after this header */
	uint32_t reserved;	/* 0 */
};

/* The payload of TKUP_FILE starts with this; the data follows. */
struct tkup_file {
	char name[TKUP_NAME_MAX];	/* NUL-terminated, [A-Za-z0-9._-] */
	uint64_t size;			/* the whole file */
	uint64_t offset;		/* of this piece's data */
	uint32_t mode;			/* permission bits */
	uint32_t reserved;
};

/* The payload of TKUP_DIR_END. */
struct tkup_dir_end {
	uint64_t files;
	uint64_t bytes;
};

/* A message, checked: pointers into the caller's buffer. */
struct tkup_msg {
	enum tkup_type type;
	unsigned int arg;
	struct tkup_file file;		/* TKUP_FILE: a checked copy */
	const unsigned char *data;	/* TKUP_FILE: the piece */
	size_t data_len;
	struct tkup_dir_end end;	/* TKUP_DIR_END */
	char text[TKUP_TEXT_MAX];	/* text types, NUL-terminated */
};

/* The folder's name ("test", "pre", "final", "pre1", ...), or NULL. */
const char *tkup_dir_name(unsigned int dir);

/* Is @name a plain file name an image may have? */
int tkup_name_ok(const char *name);

/*
 * Build a message into @buf (TKUP_MSG_MAX bytes): returns its length, or
 * 0 when it does not fit.
 */
size_t tkup_build_text(unsigned char *buf, enum tkup_type type,
		       unsigned int arg, const char *text);
size_t tkup_build_file(unsigned char *buf, unsigned int dir,
		       const char *name, uint64_t size, uint64_t offset,
		       uint32_t mode, const void *data, size_t len);
size_t tkup_build_dir_end(unsigned char *buf, unsigned int dir,
			  uint64_t files, uint64_t bytes);
/* The most data one TKUP_FILE message carries. */
size_t tkup_file_chunk(void);

/*
 * Check the message in @buf (@len bytes, as read) and fill @m. Returns 0,
 * or -1 with the reason in @why (@whylen bytes).
 */
int tkup_parse(const unsigned char *buf, size_t len, struct tkup_msg *m,
	       char *why, size_t whylen);

#endif
