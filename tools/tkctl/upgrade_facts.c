// SPDX-License-Identifier: GPL-2.0
/* The upgrade's facts from A to B: formatted by A, checked by B. */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "upgrade_facts.h"

__attribute__((format(printf, 4, 5)))
static int bad(char *why, size_t len, unsigned int line, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(why, len, "fact %u: ", line);

	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < len)
		vsnprintf(why + n, len - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

/* A decimal number in [min, max], the whole word. */
static int word_num(const char *w, long long min, long long max, long long *v)
{
	char *end;

	if (!*w || (!isdigit((unsigned char)*w) && *w != '-'))
		return -1;
	errno = 0;
	*v = strtoll(w, &end, 10);
	return errno || *end || *v < min || *v > max ? -1 : 0;
}

static int uuid_ok(const char *s)
{
	if (strlen(s) != 36)
		return 0;
	for (int i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!isxdigit((unsigned char)s[i]) || isupper((unsigned char)s[i])) {
			return 0;
		}
	}
	return 1;
}

static int pci_ok(const char *s)
{
	unsigned int d, b, dev, fn;
	char tail;

	return strlen(s) == 12 &&
	       sscanf(s, "%4x:%2x:%2x.%1x%c", &d, &b, &dev, &fn, &tail) == 4 &&
	       dev < 32 && fn < 8 && s[4] == ':' && s[7] == ':' && s[10] == '.';
}

/* A path under /run: plain characters, no "." or ".." part. */
static int pidfile_path_ok(const char *p)
{
	size_t n = strlen(p);

	if (n >= TKUP_PATH_MAX || strncmp(p, "/run/", 5) || p[n - 1] == '/')
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = p[i];

		if (!(isalnum((unsigned char)c) || c == '/' || c == '.' ||
		      c == '_' || c == '-'))
			return 0;
		if (c == '/' && (p[i + 1] == '/' || p[i + 1] == '.'))
			return 0;
	}
	return 1;
}

#define MAX_WORDS 6

static int split(char *line, char **w)
{
	int n = 0;

	for (char *tok = strtok(line, " "); tok; tok = strtok(NULL, " ")) {
		if (n == MAX_WORDS)
			return -1;
		w[n++] = tok;
	}
	return n;
}

static int parse_line(char *line, unsigned int no, struct tkup_facts *f,
		      char *why, size_t len)
{
	char *w[MAX_WORDS];
	long long v[3];
	int n = split(line, w);

	if (n < 0)
		return bad(why, len, no, "more than %d words", MAX_WORDS);
	if (n < 2)
		return bad(why, len, no, "\"%s\": a name and a value expected", n ? w[0] : "");
	if (!strcmp(w[0], "service") && n == 2) {
		if (word_num(w[1], 2, 4194304, &v[0]))
			return bad(why, len, no, "service PID %s", w[1]);
		if (f->nservices == TKUP_MAX_SERVICES)
			return bad(why, len, no, "more than %d services", TKUP_MAX_SERVICES);
		f->pid[f->nservices++] = (int)v[0];
	} else if (!strcmp(w[0], "root") && n == 2) {
		if (!uuid_ok(w[1]))
			return bad(why, len, no, "root UUID %s", w[1]);
		strcpy(f->root_uuid, w[1]);
	} else if (!strcmp(w[0], "nic") && n == 2) {
		if (!pci_ok(w[1]))
			return bad(why, len, no, "NIC address %s", w[1]);
		strcpy(f->nic, w[1]);
	} else if (!strcmp(w[0], "addr") && n == 2) {
		char *slash = strchr(w[1], '/');
		struct in_addr a;

		if (!slash)
			return bad(why, len, no, "address %s without its prefix", w[1]);
		*slash = '\0';
		if (inet_pton(AF_INET, w[1], &a) != 1 || !a.s_addr ||
		    word_num(slash + 1, 1, 32, &v[0]))
			return bad(why, len, no, "address %s/%s", w[1], slash + 1);
		if (f->naddrs == TKUP_MAX_ADDRS)
			return bad(why, len, no, "more than %d addresses", TKUP_MAX_ADDRS);
		f->addr[f->naddrs] = a.s_addr;
		f->prefix[f->naddrs++] = (uint8_t)v[0];
	} else if (!strcmp(w[0], "gw") && n == 2) {
		struct in_addr a;

		if (inet_pton(AF_INET, w[1], &a) != 1 || !a.s_addr)
			return bad(why, len, no, "gateway %s", w[1]);
		f->gw = a.s_addr;
	} else if (!strcmp(w[0], "clock") && n == 4) {
		for (int i = 0; i < 3; i++)
			if (word_num(w[i + 1], 1, INT64_MAX, &v[i]))
				return bad(why, len, no, "clock %s", w[i + 1]);
		f->real_ns = v[0];
		f->mono_ns = v[1];
		f->boot_ns = v[2];
	} else if (!strcmp(w[0], "pidfile") && n == 5) {
		struct tkup_pidfile *p = &f->pidfile[f->npidfiles];

		if (f->npidfiles == TKUP_MAX_PIDFILES)
			return bad(why, len, no, "more than %d pid files", TKUP_MAX_PIDFILES);
		if (!pidfile_path_ok(w[1]))
			return bad(why, len, no, "pid file %s: only a plain path under /run/", w[1]);
		if (word_num(w[2], 2, 4194304, &v[0]) ||
		    word_num(w[3], 0, 65534, &v[1]) || word_num(w[4], 0, 65534, &v[2]))
			return bad(why, len, no, "pid file %s: PID %s, owner %s:%s",
				   w[1], w[2], w[3], w[4]);
		strcpy(p->path, w[1]);
		p->pid = (int)v[0];
		p->uid = (unsigned int)v[1];
		p->gid = (unsigned int)v[2];
		f->npidfiles++;
	} else {
		return bad(why, len, no, "unknown fact \"%s\" with %d words", w[0], n);
	}
	return 0;
}

int tkup_facts_parse(const char *text, struct tkup_facts *f, char *why,
		     size_t whylen)
{
	char line[512];
	unsigned int no = 0;

	memset(f, 0, sizeof(*f));
	while (*text) {
		const char *nl = strchr(text, '\n');
		size_t n = nl ? (size_t)(nl - text) : strlen(text);

		no++;
		if (n >= sizeof(line))
			return bad(why, whylen, no, "longer than %zu bytes", sizeof(line) - 1);
		memcpy(line, text, n);
		line[n] = '\0';
		text += n + (nl ? 1 : 0);
		if (!n)
			continue;
		for (size_t i = 0; i < n; i++)
			if (!isprint((unsigned char)line[i]))
				return bad(why, whylen, no, "a byte %#x", (unsigned char)line[i]);
		if (parse_line(line, no, f, why, whylen))
			return -1;
	}
	for (unsigned int i = 0; i < f->npidfiles; i++) {
		int named = 0;

		for (unsigned int j = 0; j < f->nservices; j++)
			named |= f->pidfile[i].pid == f->pid[j];
		if (!named)
			return bad(why, whylen, no, "pid file %s names PID %d, not a moved service",
				   f->pidfile[i].path, f->pidfile[i].pid);
	}
	return 0;
}

__attribute__((format(printf, 4, 5)))
static void put(char *buf, size_t len, size_t *at, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*at >= len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *at, len - *at, fmt, ap);
	va_end(ap);
	*at = n < 0 ? len : *at + (size_t)n;
}

long tkup_facts_format(const struct tkup_facts *f, char *buf, size_t len)
{
	char ip[INET_ADDRSTRLEN];
	size_t at = 0;

	for (unsigned int i = 0; i < f->nservices; i++)
		put(buf, len, &at, "service %d\n", f->pid[i]);
	if (f->root_uuid[0])
		put(buf, len, &at, "root %s\n", f->root_uuid);
	if (f->nic[0])
		put(buf, len, &at, "nic %s\n", f->nic);
	for (unsigned int i = 0; i < f->naddrs; i++)
		put(buf, len, &at, "addr %s/%u\n",
		    inet_ntop(AF_INET, &f->addr[i], ip, sizeof(ip)), f->prefix[i]);
	if (f->gw)
		put(buf, len, &at, "gw %s\n", inet_ntop(AF_INET, &f->gw, ip, sizeof(ip)));
	if (f->real_ns)
		put(buf, len, &at, "clock %lld %lld %lld\n", (long long)f->real_ns,
		    (long long)f->mono_ns, (long long)f->boot_ns);
	for (unsigned int i = 0; i < f->npidfiles; i++)
		put(buf, len, &at, "pidfile %s %d %u %u\n", f->pidfile[i].path,
		    f->pidfile[i].pid, f->pidfile[i].uid, f->pidfile[i].gid);
	if (!len)
		return -1;
	if (!at)
		buf[0] = '\0';
	return at < len ? (long)at : -1;
}
