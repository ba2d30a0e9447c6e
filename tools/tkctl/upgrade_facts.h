/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What A tells B for the restore (TKUP_FACTS): one fact a line,
 *   service PID                 the root of a moved process tree
 *   root UUID                   the root file system (ext4 UUID)
 *   nic PCI-ADDRESS             the NIC the services' addresses are on
 *   addr A.B.C.D/LEN            an IPv4 address of that NIC
 *   gw A.B.C.D                  its IPv4 default gateway
 *   clock REAL MONO BOOT        A's clocks (ns) read together at the dump
 *   pidfile PATH PID UID GID    a pid file under /run naming a moved PID
 * Formatting and a strict parser: B takes nothing it cannot check.
 */
#ifndef TK_UPGRADE_FACTS_H
#define TK_UPGRADE_FACTS_H

#include <stddef.h>
#include <stdint.h>

#include "upgrade_wire.h"

#define TKUP_MAX_SERVICES	TKUP_SERVICES_MAX
#define TKUP_MAX_ADDRS		8
#define TKUP_MAX_PIDFILES	8
#define TKUP_PATH_MAX		128

struct tkup_pidfile {
	char path[TKUP_PATH_MAX];
	int pid;
	unsigned int uid, gid;
};

struct tkup_facts {
	int pid[TKUP_MAX_SERVICES];
	unsigned int nservices;
	char root_uuid[37];		/* "" when not said */
	char nic[16];			/* "" when none: dddd:bb:dd.f */
	uint32_t addr[TKUP_MAX_ADDRS];	/* network byte order */
	uint8_t prefix[TKUP_MAX_ADDRS];
	unsigned int naddrs;
	uint32_t gw;			/* 0: none */
	int64_t real_ns, mono_ns, boot_ns;	/* 0: not said */
	struct tkup_pidfile pidfile[TKUP_MAX_PIDFILES];
	unsigned int npidfiles;
};

/* Parse @text (NUL-terminated). 0, or -1 with the line and why in @why. */
int tkup_facts_parse(const char *text, struct tkup_facts *f, char *why,
		     size_t whylen);
/* Format @f into @buf: the length, or -1 when it does not fit. */
long tkup_facts_format(const struct tkup_facts *f, char *buf, size_t len);

#endif
