// SPDX-License-Identifier: GPL-2.0
/*
 * trace-audit: did kernel B write only its own hardware?
 *
 * Reads a QEMU trace log with the events memory_region_ops_write (every
 * MMIO and port write, with the writing vCPU), pci_cfg_write (config
 * space writes, with the device) and pci_update_mappings_add/del (where
 * each BAR is mapped); memory_region_ops_read is optional. Attribution is
 * by vCPU: B runs alone on its CPU. B's era starts at the last write of
 * A's CPU going offline (its LAPIC soft-disable, SPIV bit 8 cleared)
 * before B enables the LAPIC again.
 *
 * In B's era, B's CPU may write: its local APIC, its UART, the PCI config
 * ports for its own devices (trace-pci.c), and its devices' BARs, found by
 * address (trace-bars.c). Any other write is a violation, printed with its
 * trace line. A's CPUs may write none of B's devices' config or BARs. IPIs
 * between the kernels are the channel's doorbell only (trace-ipi.c). With
 * --ecam (MMCONFIG, q35) B must not touch the config ports at all.
 *
 * --expect names what the test exercised and must therefore be seen, so
 * that a check with nothing to look at fails: a2b and b2a (the doorbell
 * each way), bars (B's CPU wrote its devices' BARs), ecam (B wrote config
 * space through ECAM).
 *
 *   trace-audit --cpu N [--pci BB:DD.F[,...]] [--apic ID] [--a-apic ID]
 *               [--uart PORT] [--ecam] [--expect WHAT[,...]] TRACE.log
 *
 * Exit: 0 clean, 1 violations, 2 usage, or the log lacks B's era or the
 * BAR mappings of B's devices.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace-audit.h"

#define MAX_SHOW 20
#define SPIV 0xfee000f0

int bdf_eq(struct bdf x, struct bdf y)
{
	return x.bus == y.bus && x.dev == y.dev && x.fn == y.fn;
}

int is_b_dev(const struct audit *a, struct bdf d)
{
	for (int i = 0; i < a->n_devs; i++)
		if (bdf_eq(a->devs[i], d))
			return 1;
	return 0;
}

/* Count it; show the first ones. line NULL: about the trace as a whole. */
void violation(struct audit *a, const char *line, const char *fmt, ...)
{
	va_list ap;

	if (++a->violations > MAX_SHOW)
		return;
	if (line)
		printf("VIOLATION line %ld: ", a->lineno);
	else
		printf("VIOLATION: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	if (line)
		printf(": %s", line);
	putchar('\n');
}

static void usage(void)
{
	fprintf(stderr, "Usage: trace-audit --cpu N [--pci BB:DD.F[,...]] [--apic ID] [--a-apic ID]\n"
		"                   [--uart PORT] [--ecam] [--expect a2b,b2a,bars,ecam] TRACE.log\n");
	exit(2);
}

static void parse_pci(struct audit *a, char *list)
{
	for (char *tok = strtok(list, ","); tok; tok = strtok(NULL, ",")) {
		struct bdf *d = &a->devs[a->n_devs];
		char end;

		if (a->n_devs == MAX_DEVS ||
		    sscanf(tok, "%x:%x.%x%c", &d->bus, &d->dev, &d->fn,
			   &end) != 3)
			usage();
		a->n_devs++;
	}
}

static void parse_expect(struct audit *a, char *list)
{
	static const struct {
		const char *name;
		unsigned int bit;
	} names[] = {
		{ "a2b", EXPECT_A2B }, { "b2a", EXPECT_B2A },
		{ "bars", EXPECT_BARS }, { "ecam", EXPECT_ECAM },
	};

	for (char *tok = strtok(list, ","); tok; tok = strtok(NULL, ",")) {
		size_t i;

		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (!strcmp(tok, names[i].name))
				break;
		if (i == sizeof(names) / sizeof(names[0]))
			usage();
		a->expect |= names[i].bit;
	}
}

static long number(const char *s)
{
	char *end;
	long v = strtol(s, &end, 0);

	if (end == s || *end || v < 0)
		usage();
	return v;
}

static void parse_options(struct audit *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "cpu", required_argument, NULL, 'c' },
		{ "pci", required_argument, NULL, 'p' },
		{ "uart", required_argument, NULL, 'u' },
		{ "ecam", no_argument, NULL, 'e' },
		{ "apic", required_argument, NULL, 'a' },
		{ "a-apic", required_argument, NULL, 'A' },
		{ "expect", required_argument, NULL, 'x' },
		{ NULL, 0, NULL, 0 },
	};
	int opt;

	a->b_cpu = -1;
	a->b_apic = -1;
	a->a_apic = 0;
	a->uart = 0x2f8;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'c': a->b_cpu = (int)number(optarg); break;
		case 'u': a->uart = number(optarg); break;
		case 'e': a->ecam = 1; break;
		case 'a': a->b_apic = number(optarg); break;
		case 'A': a->a_apic = number(optarg); break;
		case 'p': parse_pci(a, optarg); break;
		case 'x': parse_expect(a, optarg); break;
		default: usage();
		}
	}
	if (a->b_cpu < 0 || a->b_cpu >= MAX_CPUS || optind != argc - 1)
		usage();
	if (a->b_apic < 0)
		a->b_apic = a->b_cpu;
}

static int is_spiv_of(const struct event *ev, int cpu)
{
	return ev->kind == EV_WRITE && ev->cpu == cpu &&
	       !strcmp(ev->name, "apic-msi") && ev->addr == SPIV;
}

/*
 * Pass 1: B's era starts after the LAPIC disable that precedes B's (last)
 * enable on B's CPU. Also: each of B's devices must have a BAR mapping in
 * the trace, or no BAR write could be attributed to it.
 */
static long find_era(struct audit *a, FILE *f)
{
	long lineno = 0, disable = 0, start = 0;
	int mapped[MAX_DEVS] = { 0 };
	char *line = NULL;
	size_t cap = 0;
	struct event ev;

	while (getline(&line, &cap, f) > 0) {
		lineno++;
		if (!trace_parse(line, &ev))
			continue;
		for (int i = 0; ev.kind == EV_MAP_ADD && i < a->n_devs; i++)
			if (bdf_eq(a->devs[i], ev.bdf))
				mapped[i] = 1;
		if (!is_spiv_of(&ev, a->b_cpu))
			continue;
		if (ev.value & 0x100) {
			if (disable)
				start = disable;
		} else {
			disable = lineno;
		}
	}
	free(line);
	if (!start) {
		fprintf(stderr, "trace-audit: no LAPIC disable/enable pair on CPU %d: B did not start?\n",
			a->b_cpu);
		exit(2);
	}
	for (int i = 0; i < a->n_devs; i++)
		if (!mapped[i]) {
			fprintf(stderr, "trace-audit: no BAR of %02x:%02x.%x is ever mapped in the trace (was pci_update_mappings_add traced?)\n",
				a->devs[i].bus, a->devs[i].dev, a->devs[i].fn);
			exit(2);
		}
	return start;
}

static void b_write(struct audit *a, const struct event *ev, const char *line)
{
	if (is_lapic(ev)) {
		a->n_apic++;
		ipi_from_b(a, ev, line);
	} else if (!strcmp(ev->name, "serial")) {
		if (ev->addr >= (uint64_t)a->uart && ev->addr < (uint64_t)a->uart + 8)
			a->n_uart++;
		else
			violation(a, line, "B's CPU wrote a UART that is not B's");
	} else if (!pci_b_write(a, ev, line)) {
		violation(a, line, "B's CPU wrote hardware B does not own");
	}
}

/* Pass 2: every line from the start (BAR maps, ICR destinations), judged in B's era. */
static void audit_era(struct audit *a, FILE *f, long start)
{
	char *line = NULL;
	size_t cap = 0;
	struct event ev;

	a->last_cfg_cpu = -1;
	a->b_dfr = 0xffffffff;	/* the APIC's reset value: flat model */
	for (a->lineno = 1; getline(&line, &cap, f) > 0; a->lineno++) {
		line[strcspn(line, "\n")] = '\0';
		if (!trace_parse(line, &ev))
			continue;
		bars_update(&ev);
		ipi_record(a, &ev);
		if (ev.kind == EV_WRITE && (!strcmp(ev.name, "pci-conf-data") ||
					    !strcmp(ev.name, "pcie-mmcfg-mmio")))
			a->last_cfg_cpu = ev.cpu;
		if (a->lineno <= start)
			continue;
		if (ev.kind == EV_CFG_WRITE) {
			pci_cfg_write(a, &ev, line);
		} else if (ev.kind == EV_READ && ev.cpu == a->b_cpu) {
			pci_b_read(a, &ev, line);
		} else if (ev.kind == EV_WRITE && ev.cpu == a->b_cpu) {
			b_write(a, &ev, line);
		} else if (ev.kind == EV_WRITE && ev.cpu >= 0 && ev.cpu < MAX_CPUS) {
			ipi_from_a(a, &ev, line);
			pci_a_write(a, &ev, line);
		}
	}
	a->lineno--;
	free(line);
}

static void check_expected(struct audit *a)
{
	if ((a->expect & EXPECT_A2B) && !a->n_a2b)
		violation(a, NULL, "no doorbell from A's CPUs to B (APIC ID 0x%lx) in B's era, though the test rings it",
			  a->b_apic);
	if ((a->expect & EXPECT_B2A) && !a->n_b2a)
		violation(a, NULL, "no doorbell from B's CPU to A (APIC ID 0x%lx) in B's era, though the test rings it",
			  a->a_apic);
	if ((a->expect & EXPECT_BARS) && !a->n_bars)
		violation(a, NULL, "B's CPU never wrote its devices' BARs, though the test uses them");
	if ((a->expect & EXPECT_ECAM) && !a->n_ecam)
		violation(a, NULL, "B's CPU never wrote config space through ECAM, though it should use it");
}

int main(int argc, char **argv)
{
	static struct audit a;
	long start;
	FILE *f;

	parse_options(&a, argc, argv);
	f = fopen(argv[optind], "r");
	if (!f) {
		perror(argv[optind]);
		return 2;
	}
	start = find_era(&a, f);
	rewind(f);
	audit_era(&a, f, start);
	fclose(f);
	check_expected(&a);
	printf("B's era: trace lines %ld-%ld; B's CPU wrote its LAPIC %ld times, its UART %ld, "
	       "the config address port for its devices %ld, PCI config data %ld (ports) %ld (ECAM), its devices' BARs %ld; "
	       "doorbells A->B %ld (of %ld IPIs from A's CPUs), B->A %ld (of %ld IPIs from B's CPU); violations %d\n",
	       start + 1, a.lineno, a.n_apic, a.n_uart, a.n_cfg_addr, a.n_cfg,
	       a.n_ecam, a.n_bars, a.n_a2b, a.n_ipi_a, a.n_b2a, a.n_ipi_b,
	       a.violations);
	return a.violations ? 1 : 0;
}
