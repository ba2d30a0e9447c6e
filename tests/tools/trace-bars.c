// SPDX-License-Identifier: GPL-2.0
/*
 * trace-audit: where each device's BARs are mapped at each point of the
 * trace, from QEMU's pci_update_mappings_add/del events. QEMU emits them
 * whenever a BAR appears or moves (firmware, either kernel's sizing and
 * enabling), so the map follows the trace line by line: a write is
 * attributed to the device whose BAR held its address at that moment,
 * which tells two identical NICs apart.
 *
 * Port I/O and MMIO addresses share the trace's "addr" field; that is no
 * ambiguity on a PC, where I/O BARs lie below 64 KiB and memory there is
 * RAM, which the trace never shows.
 */
#include <stdio.h>
#include <stdlib.h>

#include "trace-audit.h"

#define MAX_BARS 512

struct mapping {
	struct bdf bdf;
	unsigned int bar;
	uint64_t addr, size;
	int live;
};

static struct mapping maps[MAX_BARS];
static int n_maps;

static struct mapping *slot_of(struct bdf d, unsigned int bar)
{
	for (int i = 0; i < n_maps; i++)
		if (bdf_eq(maps[i].bdf, d) && maps[i].bar == bar)
			return &maps[i];
	if (n_maps == MAX_BARS) {
		/* A machine has a few dozen BARs; more means a parse bug. */
		fprintf(stderr, "trace-audit: more than %d BARs in the trace\n",
			MAX_BARS);
		exit(2);
	}
	maps[n_maps].bdf = d;
	maps[n_maps].bar = bar;
	return &maps[n_maps++];
}

void bars_update(const struct event *ev)
{
	struct mapping *m;

	if (ev->kind != EV_MAP_ADD && ev->kind != EV_MAP_DEL)
		return;
	m = slot_of(ev->bdf, ev->bar);
	m->addr = ev->addr;
	m->size = ev->size;
	m->live = ev->kind == EV_MAP_ADD;
}

/*
 * Whose BAR holds @addr now: 0 nobody's, 1 one of B's devices, 2 another
 * device (then *owner names it). Where BARs overlap, as while a kernel
 * sizes one, another device wins: the audit errs on the strict side.
 */
int bars_at(uint64_t addr, const struct audit *a, struct bdf *owner)
{
	int found = 0;

	for (int i = 0; i < n_maps; i++) {
		const struct mapping *m = &maps[i];

		if (!m->live || addr < m->addr || addr - m->addr >= m->size)
			continue;
		if (!is_b_dev(a, m->bdf)) {
			*owner = m->bdf;
			return 2;
		}
		found = 1;
	}
	return found;
}
