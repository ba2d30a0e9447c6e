// SPDX-License-Identifier: GPL-2.0
/* Reading a PCI config space header and capability list: see pcicfg.h. */
#include <errno.h>

#include "pcicfg.h"

#define CFG_STATUS		0x06
#define CFG_STATUS_CAP_LIST	0x10
#define CFG_CLASS		0x0b	/* base class */
#define CFG_HEADER_TYPE		0x0e
#define CFG_CAP_PTR		0x34
#define CFG_INT_PIN		0x3d
#define CAP_ID_MSI		0x05
#define CAP_ID_MSIX		0x11
#define CLASS_BRIDGE		0x06

int tk_pci_cfg_flags(const uint8_t *cfg, size_t len)
{
	unsigned int flags = 0, pos, guard;

	if (len < 64)
		return -EINVAL;
	if (cfg[CFG_CLASS] == CLASS_BRIDGE || (cfg[CFG_HEADER_TYPE] & 0x7f))
		flags |= TK_PCI_BRIDGE;
	if (cfg[CFG_INT_PIN])
		flags |= TK_PCI_INTX;
	if (!(cfg[CFG_STATUS] & CFG_STATUS_CAP_LIST))
		return (int)flags;
	pos = cfg[CFG_CAP_PTR] & ~3U;
	/* At most 48 capabilities fit after the header: a loop ends here. */
	for (guard = 0; pos >= 64 && pos + 1 < len && guard < 48; guard++) {
		if (cfg[pos] == CAP_ID_MSI)
			flags |= TK_PCI_MSI;
		else if (cfg[pos] == CAP_ID_MSIX)
			flags |= TK_PCI_MSIX;
		pos = cfg[pos + 1] & ~3U;
	}
	return (int)flags;
}
