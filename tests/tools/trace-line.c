// SPDX-License-Identifier: GPL-2.0
/*
 * trace-audit: one line of QEMU's "log" trace backend into a struct event.
 * The formats are QEMU 7.2's trace-events:
 *
 *   memory_region_ops_write cpu 1 mr 0x.. addr 0x.. value 0x.. size 4 name 'x'
 *   memory_region_ops_read  (the same)
 *   pci_cfg_write virtio-net-pci 00:04.0 @0x4 <- 0x7
 *   pci_update_mappings_add virtio-net-pci 00:04.0 4,0xfebf8000+0x4000
 *   pci_update_mappings_del (the same)
 *
 * Other lines are EV_NONE.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "trace-audit.h"

int starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static int parse_access(const char *line, struct event *ev)
{
	const char *q;
	size_t n;

	/* Both event names are as long: the fields start at the same place. */
	if (sscanf(line + strlen("memory_region_ops_write"),
		   " cpu %d mr %*s addr %" SCNx64 " value %" SCNx64
		   " size %" SCNu64, &ev->cpu, &ev->addr, &ev->value,
		   &ev->size) != 4)
		return 0;
	q = strstr(line, " name '");
	if (!q)
		return 0;
	q += strlen(" name '");
	n = strcspn(q, "'");
	if (n >= sizeof(ev->name))
		n = sizeof(ev->name) - 1;
	memcpy(ev->name, q, n);
	ev->name[n] = '\0';
	return 1;
}

static int parse_device(const char *rest, struct event *ev, const char **after)
{
	int end = 0;

	if (sscanf(rest, " %63s %x:%x.%x%n", ev->name, &ev->bdf.bus,
		   &ev->bdf.dev, &ev->bdf.fn, &end) != 4 || !end)
		return 0;
	*after = rest + end;
	return 1;
}

int trace_parse(const char *line, struct event *ev)
{
	const char *rest;

	memset(ev, 0, sizeof(*ev));
	ev->cpu = -1;
	if (starts_with(line, "memory_region_ops_write ")) {
		if (parse_access(line, ev))
			ev->kind = EV_WRITE;
	} else if (starts_with(line, "memory_region_ops_read ")) {
		if (parse_access(line, ev))
			ev->kind = EV_READ;
	} else if (starts_with(line, "pci_cfg_write ")) {
		if (parse_device(line + strlen("pci_cfg_write"), ev, &rest) &&
		    sscanf(rest, " @%x <- %" SCNx64, &ev->reg, &ev->value) == 2)
			ev->kind = EV_CFG_WRITE;
	} else if (starts_with(line, "pci_update_mappings_add ") ||
		   starts_with(line, "pci_update_mappings_del ")) {
		if (parse_device(line + strlen("pci_update_mappings_add"), ev,
				 &rest) &&
		    sscanf(rest, " %u,%" SCNx64 "+%" SCNx64, &ev->bar,
			   &ev->addr, &ev->size) == 3)
			ev->kind = line[strlen("pci_update_mappings_")] == 'a' ?
				   EV_MAP_ADD : EV_MAP_DEL;
	}
	return ev->kind;
}
