// SPDX-License-Identifier: GPL-2.0
/*
 * retire-audit: after kernel A retired, did anybody write the platform
 * A drove?
 *
 * Reads a QEMU trace log with memory_region_ops_write (every MMIO and
 * port write, with the writing vCPU). The retire point is A's last CPU
 * (--cpu N) soft-disabling its local APIC (SPIV bit 8 cleared) right
 * after it masked the 8259 (A's last steps; no kernel after A writes the
 * 8259), the kernel that takes over enabling it again later on that
 * CPU. That kernel may program the IOAPIC before it wakes the CPU, and
 * its own bring-up of the CPU soft-disables the LAPIC once more. Without
 * an 8259 write by that CPU: its last soft-disable followed by an
 * enable. Checked:
 *
 *  - at that point every IOAPIC redirection entry written so far is
 *    masked, the last IOAPIC write was the retiring CPU's, and both 8259
 *    mask registers were last written 0xff;
 *  - after it, no CPU writes the IOAPIC, the 8259 (and its ELCR), the
 *    PIT, the HPET or the RTC: the kernel that took over drives none of
 *    them (Documentation/admin-guide/twin-kernel.rst);
 *  - with --ioapic-taken PINS, the kernel that took over registered the
 *    IOAPIC: after the point it may write the IOAPIC (everything written
 *    then is its own: A's last CPU has parked), and it unmasks each of
 *    PINS at some point; the other parts stay forbidden.
 *
 *   retire-audit --cpu N [--ioapic-taken PIN,PIN...] TRACE.log
 *
 * Exit: 0 clean, 1 violations, 2 usage or no retire point in the log.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace-audit.h"

#define SPIV		0xfee000f0
#define IOAPIC_BASE	0xfec00000
#define IOAPIC_END	0xfec01000
#define IOAPIC_WIN	0xfec00010
#define HPET_BASE	0xfed00000
#define HPET_END	0xfed00400
#define IOAPIC_PINS	120
#define MAX_SHOW	20

struct range {
	uint64_t start, end;
	const char *what;
};

/* The platform A drove, as QEMU's absolute addresses (ports: numbers). */
static const struct range platform[] = {
	{ IOAPIC_BASE, IOAPIC_END, "IOAPIC" },
	{ 0x20, 0x22, "8259 (master)" },
	{ 0xa0, 0xa2, "8259 (slave)" },
	{ 0x4d0, 0x4d2, "8259 ELCR" },
	{ 0x40, 0x44, "PIT" },
	{ HPET_BASE, HPET_END, "HPET" },
	{ 0x70, 0x72, "RTC" },
};

static const char *platform_part(const struct event *ev)
{
	for (size_t i = 0; i < sizeof(platform) / sizeof(platform[0]); i++)
		if (ev->addr >= platform[i].start && ev->addr < platform[i].end &&
		    strcmp(ev->name, "apic-msi"))
			return platform[i].what;
	return NULL;
}

static int is_spiv(const struct event *ev, int cpu)
{
	return ev->kind == EV_WRITE && ev->cpu == cpu &&
	       !strcmp(ev->name, "apic-msi") && ev->addr == SPIV;
}

static int is_pic_mask(const struct event *ev, int cpu)
{
	return ev->kind == EV_WRITE && ev->cpu == cpu && ev->size == 1 &&
	       (ev->addr == 0x21 || ev->addr == 0xa1);
}

/* The line of the retire point, or 0. */
static long find_retire(FILE *f, int cpu)
{
	long lineno = 0, disable = 0, point = 0, pic = 0, after_pic = 0;
	long pic_point = 0;
	char *line = NULL;
	size_t cap = 0;
	struct event ev;

	while (getline(&line, &cap, f) > 0) {
		lineno++;
		if (!trace_parse(line, &ev))
			continue;
		if (is_pic_mask(&ev, cpu)) {
			pic = lineno;
			after_pic = pic_point = 0;
			continue;
		}
		if (!is_spiv(&ev, cpu))
			continue;
		if (!(ev.value & 0x100)) {
			disable = lineno;
			if (pic && !after_pic)
				after_pic = lineno;
		} else {
			if (disable)
				point = disable;
			if (after_pic)
				pic_point = after_pic;
		}
	}
	free(line);
	return pic_point ? pic_point : point;
}

struct state {
	uint32_t ioregsel;
	int64_t redir_lo[IOAPIC_PINS];	/* last low word written, -1 none */
	int last_ioapic_cpu;
	int64_t pic_mask[2];		/* ports 0x21, 0xa1 */
	long violations, violations_after;
	/* After the point, with --ioapic-taken */
	int64_t taken_lo[IOAPIC_PINS];	/* an unmasked low word written, -1 none */
	long ioapic_writes_after;
};

/* After the point: the kernel that took over programs the IOAPIC. */
static void taken(struct state *s, const struct event *ev)
{
	s->ioapic_writes_after++;
	if (ev->addr == IOAPIC_BASE)
		s->ioregsel = (uint32_t)ev->value;
	else if (ev->addr == IOAPIC_WIN && s->ioregsel >= 0x10 &&
		 !(s->ioregsel & 1) && (s->ioregsel - 0x10) / 2 < IOAPIC_PINS &&
		 !(ev->value & 0x10000))
		s->taken_lo[(s->ioregsel - 0x10) / 2] = (int64_t)ev->value;
}

/* --ioapic-taken's pins: the kernel that took over unmasked each. */
static void check_taken(struct state *s, const char *pins)
{
	char *end;
	long pin;

	printf("after the retire point: %ld IOAPIC writes; pins unmasked by the kernel that took over:",
	       s->ioapic_writes_after);
	for (int i = 0; i < IOAPIC_PINS; i++)
		if (s->taken_lo[i] >= 0)
			printf(" %d (vector %#llx)", i,
			       (unsigned long long)(s->taken_lo[i] & 0xff));
	printf("\n");
	while (*pins) {
		pin = strtol(pins, &end, 10);
		if (end == pins || pin < 0 || pin >= IOAPIC_PINS)
			break;
		if (s->taken_lo[pin] < 0) {
			s->violations++;
			printf("VIOLATION: IOAPIC pin %ld was never unmasked after the retire point\n",
			       pin);
		}
		pins = *end == ',' ? end + 1 : end;
	}
}

static void before(struct state *s, const struct event *ev)
{
	if (ev->addr >= IOAPIC_BASE && ev->addr < IOAPIC_END) {
		s->last_ioapic_cpu = ev->cpu;
		if (ev->addr == IOAPIC_BASE) {
			s->ioregsel = (uint32_t)ev->value;
		} else if (ev->addr == IOAPIC_WIN && s->ioregsel >= 0x10 &&
			   !(s->ioregsel & 1) &&
			   (s->ioregsel - 0x10) / 2 < IOAPIC_PINS) {
			s->redir_lo[(s->ioregsel - 0x10) / 2] = (int64_t)ev->value;
		}
	} else if (ev->addr == 0x21 && ev->size == 1) {
		s->pic_mask[0] = (int64_t)ev->value;
	} else if (ev->addr == 0xa1 && ev->size == 1) {
		s->pic_mask[1] = (int64_t)ev->value;
	}
}

static void flag(struct state *s, long lineno, const char *fmt,
		 const char *what, const char *line)
{
	s->violations_after++;
	if (++s->violations <= MAX_SHOW)
		printf("VIOLATION line %ld: %s %s: %s", lineno, fmt, what, line);
}

/* At the retire point: what A left behind. */
static void check_point(struct state *s, int cpu, long point)
{
	int pins = 0;

	for (int i = 0; i < IOAPIC_PINS; i++) {
		if (s->redir_lo[i] < 0)
			continue;
		pins++;
		if (!(s->redir_lo[i] & 0x10000)) {
			s->violations++;
			printf("VIOLATION: at the retire point (line %ld) IOAPIC pin %d is unmasked (low word %#llx)\n",
			       point, i, (unsigned long long)s->redir_lo[i]);
		}
	}
	if (!pins) {
		s->violations++;
		printf("VIOLATION: no IOAPIC redirection entry was written before the retire point\n");
	}
	if (s->last_ioapic_cpu != cpu) {
		s->violations++;
		printf("VIOLATION: the last IOAPIC write before the retire point was CPU %d's, not the retiring CPU %d's\n",
		       s->last_ioapic_cpu, cpu);
	}
	for (int i = 0; i < 2; i++) {
		if (s->pic_mask[i] != 0xff) {
			s->violations++;
			printf("VIOLATION: 8259 %s mask last written %#llx, not 0xff\n",
			       i ? "slave" : "master",
			       (unsigned long long)s->pic_mask[i]);
		}
	}
	printf("retire point: line %ld; %d IOAPIC pins written, all masked: %s; 8259 masks 0xff: %s\n",
	       point, pins, s->violations ? "no" : "yes",
	       s->pic_mask[0] == 0xff && s->pic_mask[1] == 0xff ? "yes" : "no");
}

int main(int argc, char **argv)
{
	struct state s = { .last_ioapic_cpu = -1, .pic_mask = { -1, -1 } };
	long lineno = 0, point, after = 0;
	char *line = NULL, *end;
	size_t cap = 0;
	struct event ev;
	const char *what, *pins = NULL;
	int cpu;
	FILE *f;

	if (argc == 6 && !strcmp(argv[3], "--ioapic-taken")) {
		pins = argv[4];
		if (!*pins || strspn(pins, "0123456789,") != strlen(pins)) {
			fprintf(stderr, "retire-audit: --ioapic-taken %s: not a list of pins\n",
				pins);
			return 2;
		}
		argv[3] = argv[5];
		argc = 4;
	}
	if (argc != 4 || strcmp(argv[1], "--cpu")) {
		fprintf(stderr, "Usage: retire-audit --cpu N [--ioapic-taken PIN,...] TRACE.log\n");
		return 2;
	}
	cpu = (int)strtol(argv[2], &end, 0);
	if (end == argv[2] || *end || cpu < 0) {
		fprintf(stderr, "retire-audit: --cpu %s: not a CPU number\n", argv[2]);
		return 2;
	}
	f = fopen(argv[3], "r");
	if (!f) {
		perror(argv[3]);
		return 2;
	}
	point = find_retire(f, cpu);
	if (!point) {
		fprintf(stderr, "retire-audit: no retire point for CPU %d in %s (no LAPIC disable followed by an enable)\n",
			cpu, argv[3]);
		fclose(f);
		return 2;
	}
	rewind(f);
	for (int i = 0; i < IOAPIC_PINS; i++)
		s.redir_lo[i] = s.taken_lo[i] = -1;
	while (getline(&line, &cap, f) > 0) {
		lineno++;
		if (trace_parse(line, &ev) != EV_WRITE)
			continue;
		if (lineno < point) {
			before(&s, &ev);
			continue;
		}
		if (lineno == point) {
			check_point(&s, cpu, point);
			continue;
		}
		after++;
		if (pins && ev.addr >= IOAPIC_BASE && ev.addr < IOAPIC_END &&
		    strcmp(ev.name, "apic-msi")) {
			taken(&s, &ev);
			continue;
		}
		what = platform_part(&ev);
		if (what)
			flag(&s, lineno, "after the retire point, a write to the", what, line);
	}
	free(line);
	fclose(f);
	printf("after the retire point: %ld writes by the kernel that took over, none to the platform A drove%s: %s\n",
	       after, pins ? " but the IOAPIC it took" : "",
	       s.violations_after ? "no" : "yes");
	if (pins)
		check_taken(&s, pins);
	if (after == 0) {
		printf("VIOLATION: nothing was written after the retire point: the trace ends there?\n");
		return 1;
	}
	return s.violations ? 1 : 0;
}
