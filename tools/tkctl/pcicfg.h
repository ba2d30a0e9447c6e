/* SPDX-License-Identifier: GPL-2.0 */
/* What a PCI device's config space says about moving it to the twin. */
#ifndef TK_PCICFG_H
#define TK_PCICFG_H

#include <stddef.h>
#include <stdint.h>

#define TK_PCI_MSI	(1U << 0)	/* MSI capability */
#define TK_PCI_MSIX	(1U << 1)	/* MSI-X capability */
#define TK_PCI_INTX	(1U << 2)	/* an interrupt pin */
#define TK_PCI_BRIDGE	(1U << 3)	/* class 06: stays with the platform */

/*
 * Flags for the config space bytes @cfg (@len of them, as sysfs' "config"
 * gives them: 64 to a user, 256 or more to root). The capability list
 * is followed with a bound, so a looping list ends. -EINVAL when @len is
 * below the 64-byte header.
 */
int tk_pci_cfg_flags(const uint8_t *cfg, size_t len);

#endif
