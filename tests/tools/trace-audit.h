/* SPDX-License-Identifier: GPL-2.0 */
/*
 * trace-audit: what its files share. One parsed QEMU trace line (struct
 * event), the audit's options, state and counts (struct audit), and the
 * entry points of each rule file.
 */
#ifndef TRACE_AUDIT_H
#define TRACE_AUDIT_H

#include <stdint.h>

#define MAX_DEVS 16
#define MAX_CPUS 64

/* The channel's doorbell in ICR low bits: fixed, physical, vector 0xf7. */
#define DOORBELL_ICR 0x0f7

struct bdf {
	unsigned int bus, dev, fn;
};

enum ev_kind {
	EV_NONE,
	EV_WRITE,	/* memory_region_ops_write: MMIO or port write */
	EV_READ,	/* memory_region_ops_read */
	EV_CFG_WRITE,	/* pci_cfg_write: config space write of a device */
	EV_MAP_ADD,	/* pci_update_mappings_add: a BAR appears at an address */
	EV_MAP_DEL,	/* pci_update_mappings_del: it goes away */
};

struct event {
	enum ev_kind kind;
	int cpu;		/* accesses: the vCPU, -1 for none */
	uint64_t addr;		/* accesses: absolute address; maps: BAR base */
	uint64_t value;		/* accesses and config writes */
	uint64_t size;		/* accesses: bytes; maps: BAR size */
	unsigned int bar;	/* maps: BAR number (6 = ROM) */
	unsigned int reg;	/* config writes: register offset */
	struct bdf bdf;		/* config writes and maps */
	char name[64];		/* accesses: memory region; others: device model */
};

/* Expectations (--expect): what must be seen at least once in B's era. */
enum {
	EXPECT_A2B = 1,		/* a doorbell from A's CPUs to B */
	EXPECT_B2A = 2,		/* a doorbell from B's CPU to A */
	EXPECT_BARS = 4,	/* B's CPU wrote its devices' BARs */
	EXPECT_ECAM = 8,	/* B's CPU wrote config space through ECAM */
};

struct audit {
	/* Options. */
	int b_cpu;
	long b_apic, a_apic, uart;
	int ecam;
	unsigned int expect;
	struct bdf devs[MAX_DEVS];
	int n_devs;

	/* State while reading B's era. */
	long lineno;
	int last_cfg_cpu;		/* who last wrote config data */
	uint64_t icr_high[MAX_CPUS];	/* per CPU: the destination written */
	uint64_t b_ldr, b_dfr;		/* B's CPU's logical destination */

	/* What was seen. */
	long n_apic, n_uart, n_cfg_addr, n_cfg, n_ecam, n_bars;
	long n_ipi_a, n_a2b, n_ipi_b, n_b2a;
	int violations;
};

/* trace-audit.c */
int bdf_eq(struct bdf x, struct bdf y);
int is_b_dev(const struct audit *a, struct bdf d);
void violation(struct audit *a, const char *line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* trace-line.c */
int trace_parse(const char *line, struct event *ev);
int starts_with(const char *s, const char *prefix);

/* trace-bars.c: which device's BAR is mapped where, as the trace goes. */
void bars_update(const struct event *ev);
int bars_at(uint64_t addr, const struct audit *a, struct bdf *owner);

/* trace-ipi.c */
int is_lapic(const struct event *ev);
void ipi_record(struct audit *a, const struct event *ev);
void ipi_from_a(struct audit *a, const struct event *ev, const char *line);
void ipi_from_b(struct audit *a, const struct event *ev, const char *line);

/* trace-pci.c: 1 if the access was PCI's (ports, ECAM, a BAR) and judged. */
int pci_b_write(struct audit *a, const struct event *ev, const char *line);
void pci_b_read(struct audit *a, const struct event *ev, const char *line);
void pci_a_write(struct audit *a, const struct event *ev, const char *line);
void pci_cfg_write(struct audit *a, const struct event *ev, const char *line);

#endif
