// SPDX-License-Identifier: GPL-2.0
/*
 * trace-audit: PCI ownership in B's era.
 *
 * Config space: a config write (pci_cfg_write) is attributed to the CPU
 * that wrote the config data port or ECAM just before it (QEMU serialises
 * both under its big lock). B may write only its own devices' config, A
 * none of B's. Through the shared ports, B may latch no config address but
 * its own devices' (a dword write to 0xcf8 with the enable bit): any other
 * write there points A's next config cycle elsewhere or is not a config
 * address at all. With ECAM (q35's MMCONFIG) B must not touch the ports at
 * all, reads included when the trace has them.
 *
 * BARs: a write lands in whichever device's BAR holds its address at that
 * moment (trace-bars.c). B may write only its own devices' BARs, A none of
 * them; identical models are told apart by address.
 */
#include <string.h>

#include "trace-audit.h"

#define CONFIG_ADDRESS	0xcf8
#define CONFIG_ENABLE	0x80000000u

static struct bdf config_target(uint64_t v)
{
	struct bdf d = {
		.bus = (v >> 16) & 0xff, .dev = (v >> 11) & 0x1f, .fn = (v >> 8) & 7,
	};

	return d;
}

static void config_address(struct audit *a, const struct event *ev,
			   const char *line)
{
	struct bdf d = config_target(ev->value);

	if (a->ecam)
		violation(a, line, "B wrote the shared config address port although it has ECAM");
	else if (ev->addr != CONFIG_ADDRESS || ev->size != 4 ||
		 !(ev->value & CONFIG_ENABLE))
		violation(a, line, "B wrote the shared config address port, but no config address of its devices");
	else if (!is_b_dev(a, d))
		violation(a, line, "B aimed the shared config address port at %02x:%02x.%x, a device it does not own",
			  d.bus, d.dev, d.fn);
	else
		a->n_cfg_addr++;
}

int pci_b_write(struct audit *a, const struct event *ev, const char *line)
{
	struct bdf d;

	if (!strcmp(ev->name, "pci-conf-idx")) {
		config_address(a, ev, line);
		return 1;
	}
	if (!strcmp(ev->name, "pci-conf-data")) {
		a->n_cfg++;
		if (a->ecam)
			violation(a, line, "B wrote the shared config data port although it has ECAM");
		return 1;
	}
	if (!strcmp(ev->name, "pcie-mmcfg-mmio")) {
		a->n_ecam++;
		return 1;
	}
	switch (bars_at(ev->addr, a, &d)) {
	case 1:
		a->n_bars++;
		return 1;
	case 2:
		violation(a, line, "B's CPU wrote a BAR of %02x:%02x.%x, a device it does not own",
			  d.bus, d.dev, d.fn);
		return 1;
	}
	return 0;
}

void pci_b_read(struct audit *a, const struct event *ev, const char *line)
{
	if (a->ecam && (!strcmp(ev->name, "pci-conf-idx") ||
			!strcmp(ev->name, "pci-conf-data")))
		violation(a, line, "B read the shared config ports although it has ECAM");
}

void pci_a_write(struct audit *a, const struct event *ev, const char *line)
{
	struct bdf d;

	if (bars_at(ev->addr, a, &d) == 1)
		violation(a, line, "A's CPU wrote a BAR of B's device");
}

void pci_cfg_write(struct audit *a, const struct event *ev, const char *line)
{
	const struct bdf *d = &ev->bdf;

	if (a->last_cfg_cpu == a->b_cpu && !is_b_dev(a, *d))
		violation(a, line, "B wrote the config space of %02x:%02x.%x, a device it does not own",
			  d->bus, d->dev, d->fn);
	else if (a->last_cfg_cpu != a->b_cpu && is_b_dev(a, *d))
		violation(a, line, "A wrote the config space of B's device");
}
