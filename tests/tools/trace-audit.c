// SPDX-License-Identifier: GPL-2.0
/*
 * trace-audit: did kernel B write only its own hardware?
 *
 * Reads a QEMU trace log with the events memory_region_ops_write (every
 * MMIO and port write, with the writing vCPU) and pci_cfg_write (config
 * space writes, with the device). Attribution is by vCPU: B runs alone on
 * its CPU. B's era starts at the last write of A's CPU going offline (its
 * LAPIC soft-disable, SPIV bit 8 cleared) before B enables the LAPIC again.
 *
 * In B's era, B's CPU may write: its local APIC, its UART, the PCI config
 * ports for its own devices, and its devices' BARs (virtio, MSI-X). Any
 * other write is a violation, printed with its trace line. A config space
 * write is attributed to the CPU that wrote the config data port just
 * before it (port I/O is serialised by QEMU's big lock).
 *
 * A's CPUs must send B no IPI but the channel's doorbell: in B's era, an
 * ICR write by another CPU with a broadcast shorthand, or aimed at B's
 * APIC ID (--apic, default the vCPU number) with anything but a fixed,
 * physical IPI of the doorbell vector (0xf7), is a violation.
 *
 * With --ecam (a machine with MMCONFIG, q35), B must reach config space
 * through ECAM only: any write of B to the shared ports 0xcf8/0xcfc for its
 * own devices is a violation too.
 *
 *   trace-audit --cpu N --pci BB:DD.F[,...] [--uart PORT] [--ecam] TRACE.log
 *
 * Exit: 0 clean, 1 violations, 2 usage or no B era found in the log.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEVS 16
#define MAX_SHOW 20
/* The channel's doorbell in ICR low bits: fixed, physical, vector 0xf7. */
#define DOORBELL_ICR 0x0f7

struct bdf {
	unsigned int bus, dev, fn;
};

static struct bdf b_devs[MAX_DEVS];
static int n_b_devs;

static int is_b_dev(unsigned int bus, unsigned int dev, unsigned int fn)
{
	for (int i = 0; i < n_b_devs; i++)
		if (b_devs[i].bus == bus && b_devs[i].dev == dev &&
		    b_devs[i].fn == fn)
			return 1;
	return 0;
}

struct write {
	int cpu;
	uint64_t addr, value;
	char name[64];
};

/* "memory_region_ops_write cpu 1 mr 0x.. addr 0x.. value 0x.. size 1 name 'x'" */
static int parse_write(const char *line, struct write *w)
{
	const char *q;
	size_t n;

	if (sscanf(line, "memory_region_ops_write cpu %d mr %*s addr %" SCNx64
		   " value %" SCNx64, &w->cpu, &w->addr, &w->value) != 3)
		return 0;
	q = strstr(line, " name '");
	if (!q)
		return 0;
	q += 7;
	n = strcspn(q, "'");
	if (n >= sizeof(w->name))
		n = sizeof(w->name) - 1;
	memcpy(w->name, q, n);
	w->name[n] = '\0';
	return 1;
}

static int is_spiv(const struct write *w)
{
	return !strcmp(w->name, "apic-msi") && w->addr == 0xfee000f0;
}

static int starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static void usage(void)
{
	fprintf(stderr, "Usage: trace-audit --cpu N --pci BB:DD.F[,...] [--uart PORT] [--ecam] TRACE.log\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "cpu", required_argument, NULL, 'c' },
		{ "pci", required_argument, NULL, 'p' },
		{ "uart", required_argument, NULL, 'u' },
		{ "ecam", no_argument, NULL, 'e' },
		{ "apic", required_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 },
	};
	long b_cpu = -1, uart = 0x2f8;
	long lineno = 0, last_disable = 0, last_enable = 0, start;
	long n_apic = 0, n_uart = 0, n_cfg = 0, n_bars = 0, n_latch_other = 0;
	int violations = 0, last_cfg_cpu = -1, opt, ecam = 0;
	long n_ecam = 0, b_apic = -1, n_ipi_a = 0, n_doorbell = 0;
	uint64_t icr_high[64] = { 0 };
	char *line = NULL;
	size_t cap = 0;
	FILE *f;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'c': b_cpu = strtol(optarg, NULL, 0); break;
		case 'u': uart = strtol(optarg, NULL, 0); break;
		case 'e': ecam = 1; break;
		case 'a': b_apic = strtol(optarg, NULL, 0); break;
		case 'p':
			for (char *tok = strtok(optarg, ","); tok;
			     tok = strtok(NULL, ",")) {
				if (n_b_devs == MAX_DEVS ||
				    sscanf(tok, "%x:%x.%x", &b_devs[n_b_devs].bus,
					   &b_devs[n_b_devs].dev,
					   &b_devs[n_b_devs].fn) != 3)
					usage();
				n_b_devs++;
			}
			break;
		default: usage();
		}
	}
	if (b_cpu < 0 || optind != argc - 1)
		usage();
	if (b_apic < 0)
		b_apic = b_cpu;
	f = fopen(argv[optind], "r");
	if (!f) {
		perror(argv[optind]);
		return 2;
	}

	/* Pass 1: where B's era starts. */
	while (getline(&line, &cap, f) > 0) {
		struct write w;

		lineno++;
		if (!parse_write(line, &w) || w.cpu != b_cpu || !is_spiv(&w))
			continue;
		if (w.value & 0x100)
			last_enable = lineno;
		else
			last_disable = lineno;
	}
	if (!last_disable || last_enable < last_disable) {
		fprintf(stderr, "trace-audit: no LAPIC disable/enable pair on CPU %ld: B did not start?\n",
			b_cpu);
		return 2;
	}
	/* The disable that precedes B's (last) enable. */
	rewind(f);
	start = 0;
	for (lineno = 0; getline(&line, &cap, f) > 0 && lineno + 1 < last_enable;) {
		struct write w;

		lineno++;
		if (parse_write(line, &w) && w.cpu == b_cpu && is_spiv(&w) &&
		    !(w.value & 0x100))
			start = lineno;
	}

	/* Pass 2: B's era. */
	rewind(f);
	for (lineno = 0; getline(&line, &cap, f) > 0;) {
		unsigned int bus, dev, fn;
		struct write w;
		const char *why = NULL;

		lineno++;
		line[strcspn(line, "\n")] = '\0';
		if (parse_write(line, &w)) {
			if (!strcmp(w.name, "pci-conf-data") ||
			    !strcmp(w.name, "pcie-mmcfg-mmio"))
				last_cfg_cpu = w.cpu;
			if (!strcmp(w.name, "apic-msi") && w.cpu >= 0 &&
			    w.cpu < 64 && w.addr == 0xfee00310)
				icr_high[w.cpu] = w.value;
			if (lineno > start && w.cpu != b_cpu && w.cpu >= 0 &&
			    w.cpu < 64 && !strcmp(w.name, "apic-msi") &&
			    w.addr == 0xfee00300) {
				unsigned int sh = (w.value >> 18) & 3;

				n_ipi_a++;
				if (sh == 2 || sh == 3)
					why = "A's CPU sent a broadcast IPI, which reaches B";
				else if (sh == 0 && (long)(icr_high[w.cpu] >> 24) == b_apic &&
					 (w.value & 0xfff) == DOORBELL_ICR)
					n_doorbell++;
				else if (sh == 0 && (long)(icr_high[w.cpu] >> 24) == b_apic)
					why = "A's CPU sent an IPI to B's APIC ID";
				if (why) {
					violations++;
					if (violations <= MAX_SHOW)
						printf("VIOLATION line %ld: %s: %s\n",
						       lineno, why, line);
				}
				continue;
			}
			if (lineno <= start || w.cpu != b_cpu)
				continue;
			if (!strcmp(w.name, "apic-msi") &&
			    (w.addr >> 12) == 0xfee00) {
				n_apic++;
			} else if (!strcmp(w.name, "serial")) {
				if (w.addr >= (uint64_t)uart && w.addr < (uint64_t)uart + 8)
					n_uart++;
				else
					why = "a UART that is not B's";
			} else if (!strcmp(w.name, "pci-conf-idx")) {
				bus = (w.value >> 16) & 0xff;
				dev = (w.value >> 11) & 0x1f;
				fn = (w.value >> 8) & 7;
				if (!is_b_dev(bus, dev, fn)) {
					n_latch_other++;
					if (n_latch_other <= 3)
						printf("note: line %ld: B pointed the shared config address port at %02x:%02x.%x (a read; A's config cycles could race it)\n",
						       lineno, bus, dev, fn);
				} else if (ecam) {
					why = "B used the shared config ports although it has ECAM";
				}
			} else if (!strcmp(w.name, "pci-conf-data")) {
				n_cfg++;
				if (ecam)
					why = "B used the shared config ports although it has ECAM";
			} else if (!strcmp(w.name, "pcie-mmcfg-mmio")) {
				n_ecam++;
			} else if (starts_with(w.name, "virtio-pci-") ||
				   starts_with(w.name, "msix-")) {
				n_bars++;
			} else {
				why = "hardware B does not own";
			}
		} else if (lineno > start &&
			   sscanf(line, "pci_cfg_write %*s %x:%x.%x", &bus, &dev,
				  &fn) == 3) {
			if (last_cfg_cpu == b_cpu && !is_b_dev(bus, dev, fn))
				why = "B wrote the config space of a device it does not own";
			else if (last_cfg_cpu != b_cpu && is_b_dev(bus, dev, fn))
				why = "A wrote the config space of B's device";
		}
		if (why) {
			violations++;
			if (violations <= MAX_SHOW)
				printf("VIOLATION line %ld: %s: %s\n", lineno, why, line);
		}
	}
	free(line);
	fclose(f);
	printf("B's era: trace lines %ld-%ld; B's CPU wrote its LAPIC %ld times, its UART %ld, PCI config data %ld (ports) %ld (ECAM), its devices' BARs %ld; config address port aimed at other devices %ld times; A's CPUs sent %ld IPIs (%ld channel doorbells to B); violations %d\n",
	       start + 1, lineno, n_apic, n_uart, n_cfg, n_ecam, n_bars,
	       n_latch_other, n_ipi_a, n_doorbell, violations);
	return violations ? 1 : 0;
}
