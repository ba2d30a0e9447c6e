// SPDX-License-Identifier: GPL-2.0
/* Unit tests of tkctl's reading of PCI config space (pcicfg.c). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "pcicfg.h"

static uint8_t cfg[256];

/* An endpoint of class @class with capabilities @ids chained from 0x40. */
static void endpoint(uint8_t class, uint8_t pin, const uint8_t *ids, int n)
{
	memset(cfg, 0, sizeof(cfg));
	cfg[0x0b] = class;
	cfg[0x3d] = pin;
	if (!n)
		return;
	cfg[0x06] = 0x10;
	cfg[0x34] = 0x40;
	for (int i = 0; i < n; i++) {
		cfg[0x40 + 0x10 * i] = ids[i];
		cfg[0x41 + 0x10 * i] = i + 1 < n ? 0x40 + 0x10 * (i + 1) : 0;
	}
}

static void msix_and_msi(void **state)
{
	static const uint8_t virtio[] = { 0x11, 0x09, 0x09, 0x05 };

	(void)state;
	endpoint(0x02, 1, virtio, 4);
	assert_int_equal(tk_pci_cfg_flags(cfg, 256),
			 TK_PCI_MSIX | TK_PCI_MSI | TK_PCI_INTX);
}

static void intx_only(void **state)
{
	static const uint8_t pm[] = { 0x01 };

	(void)state;
	endpoint(0x02, 1, pm, 1);
	assert_int_equal(tk_pci_cfg_flags(cfg, 256), TK_PCI_INTX);
	endpoint(0x02, 1, NULL, 0);
	assert_int_equal(tk_pci_cfg_flags(cfg, 256), TK_PCI_INTX);
}

static void bridges(void **state)
{
	(void)state;
	endpoint(0x06, 0, NULL, 0);
	assert_int_equal(tk_pci_cfg_flags(cfg, 256), TK_PCI_BRIDGE);
	endpoint(0x01, 0, NULL, 0);
	cfg[0x0e] = 0x81;	/* a PCI-to-PCI header, multi-function */
	assert_int_equal(tk_pci_cfg_flags(cfg, 256), TK_PCI_BRIDGE);
}

/* The 64 bytes a user reads: the capability list is not there. */
static void short_and_hostile(void **state)
{
	static const uint8_t msix[] = { 0x11 };

	(void)state;
	assert_int_equal(tk_pci_cfg_flags(cfg, 63), -EINVAL);
	endpoint(0x02, 1, msix, 1);
	assert_int_equal(tk_pci_cfg_flags(cfg, 64), TK_PCI_INTX);
	/* A list that points at itself ends. */
	cfg[0x41] = 0x40;
	assert_int_equal(tk_pci_cfg_flags(cfg, 256), TK_PCI_MSIX | TK_PCI_INTX);
	/* A pointer past the end or into the header is not followed. */
	cfg[0x34] = 0xff;
	assert_int_equal(tk_pci_cfg_flags(cfg, 256), TK_PCI_INTX);
	cfg[0x34] = 0x10;
	assert_int_equal(tk_pci_cfg_flags(cfg, 256), TK_PCI_INTX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(msix_and_msi),
		cmocka_unit_test(intx_only),
		cmocka_unit_test(bridges),
		cmocka_unit_test(short_and_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
