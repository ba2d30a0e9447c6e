// SPDX-License-Identifier: GPL-2.0
/*
 * The upgrade's channel messages: building them (A and B) and checking
 * them (what the other kernel wrote is hostile input: the header is
 * copied once and every field checked on the copy).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "upgrade_wire.h"

static const char *const dir_names[TKUP_DIR_MAX] = {
	"test", "pre", "final", "pre1", "final1", "pre2", "final2",
	"pre3", "final3", "pre4", "final4", "pre5", "final5", "pre6",
	"final6", "pre7", "final7",
};
_Static_assert(TKUP_DIR_MAX == 17, "a name for each image folder");

const char *tkup_dir_name(unsigned int dir)
{
	return dir < TKUP_DIR_MAX ? dir_names[dir] : NULL;
}

int tkup_name_ok(const char *name)
{
	size_t n = strnlen(name, TKUP_NAME_MAX);

	if (n == 0 || n == TKUP_NAME_MAX || name[0] == '.')
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
			return 0;
	}
	return 1;
}

static size_t put_hdr(unsigned char *buf, enum tkup_type type,
		      unsigned int arg, size_t len)
{
	struct tkup_hdr h = {
		.magic = TKUP_MAGIC, .type = (uint16_t)type,
		.arg = (uint16_t)arg, .len = (uint32_t)len,
	};

	memcpy(buf, &h, sizeof(h));
	return sizeof(h);
}

size_t tkup_build_text(unsigned char *buf, enum tkup_type type,
		       unsigned int arg, const char *text)
{
	size_t n = strlen(text);

	if (n >= TKUP_TEXT_MAX || arg > 0xffff)
		return 0;
	memcpy(buf + put_hdr(buf, type, arg, n), text, n);
	return sizeof(struct tkup_hdr) + n;
}

size_t tkup_file_chunk(void)
{
	return TKUP_MSG_MAX - sizeof(struct tkup_hdr) - sizeof(struct tkup_file);
}

size_t tkup_build_file(unsigned char *buf, unsigned int dir,
		       const char *name, uint64_t size, uint64_t offset,
		       uint32_t mode, const void *data, size_t len)
{
	struct tkup_file f = { .size = size, .offset = offset, .mode = mode };
	size_t h;

	if (!tkup_name_ok(name) || len > tkup_file_chunk() || !tkup_dir_name(dir))
		return 0;
	strncpy(f.name, name, sizeof(f.name) - 1);
	h = put_hdr(buf, TKUP_FILE, dir, sizeof(f) + len);
	memcpy(buf + h, &f, sizeof(f));
	if (len)
		memcpy(buf + h + sizeof(f), data, len);
	return h + sizeof(f) + len;
}

size_t tkup_build_dir_end(unsigned char *buf, unsigned int dir,
			  uint64_t files, uint64_t bytes)
{
	struct tkup_dir_end e = { .files = files, .bytes = bytes };
	size_t h = put_hdr(buf, TKUP_DIR_END, dir, sizeof(e));

	memcpy(buf + h, &e, sizeof(e));
	return h + sizeof(e);
}

__attribute__((format(printf, 3, 4)))
static int bad(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
	return -1;
}

static int is_text_type(enum tkup_type t)
{
	return t == TKUP_READY || t == TKUP_FACTS || t == TKUP_ACK ||
	       t == TKUP_RESTORED || t == TKUP_ABORT;
}

int tkup_parse(const unsigned char *buf, size_t len, struct tkup_msg *m,
	       char *why, size_t whylen)
{
	struct tkup_hdr h;
	const unsigned char *p = buf + sizeof(h);

	memset(m, 0, sizeof(*m));
	if (len < sizeof(h))
		return bad(why, whylen, "message of %zu bytes, shorter than a header", len);
	memcpy(&h, buf, sizeof(h));
	if (h.magic != TKUP_MAGIC)
		return bad(why, whylen, "not an upgrade message (magic %#x)", h.magic);
	if (h.reserved)
		return bad(why, whylen, "reserved header field is %#x", h.reserved);
	if (h.type == 0 || h.type >= TKUP_TYPE_MAX)
		return bad(why, whylen, "unknown message type %u", h.type);
	if (h.len != len - sizeof(h))
		return bad(why, whylen, "payload length %u, but %zu bytes came",
			   h.len, len - sizeof(h));
	m->type = (enum tkup_type)h.type;
	m->arg = h.arg;
	if (is_text_type(m->type)) {
		if (h.len >= TKUP_TEXT_MAX)
			return bad(why, whylen, "text of %u bytes", h.len);
		if (memchr(p, '\0', h.len))
			return bad(why, whylen, "text with a NUL byte");
		memcpy(m->text, p, h.len);
		m->text[h.len] = '\0';
		if (m->type == TKUP_ACK && !tkup_dir_name(m->arg))
			return bad(why, whylen, "acknowledgement of folder %u", m->arg);
		return 0;
	}
	if (!tkup_dir_name(m->arg))
		return bad(why, whylen, "image folder %u", m->arg);
	if (m->type == TKUP_DIR_END) {
		if (h.len != sizeof(m->end))
			return bad(why, whylen, "folder end of %u bytes", h.len);
		memcpy(&m->end, p, sizeof(m->end));
		return 0;
	}
	/* TKUP_FILE */
	if (h.len < sizeof(m->file))
		return bad(why, whylen, "file piece of %u bytes", h.len);
	memcpy(&m->file, p, sizeof(m->file));
	if (!memchr(m->file.name, '\0', sizeof(m->file.name)) ||
	    !tkup_name_ok(m->file.name))
		return bad(why, whylen, "file name not allowed");
	if (m->file.reserved || m->file.mode & ~0777u)
		return bad(why, whylen, "%s: mode %#o", m->file.name, m->file.mode);
	m->data = p + sizeof(m->file);
	m->data_len = h.len - sizeof(m->file);
	if (m->file.size > TKUP_FILE_MAX || m->file.offset > m->file.size ||
	    m->data_len > m->file.size - m->file.offset)
		return bad(why, whylen, "%s: piece %llu+%zu of a %llu-byte file",
			   m->file.name, (unsigned long long)m->file.offset,
			   m->data_len, (unsigned long long)m->file.size);
	return 0;
}
