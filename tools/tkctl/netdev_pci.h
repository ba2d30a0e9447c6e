/* SPDX-License-Identifier: GPL-2.0 */
/* Which PCI device a network interface is on (directly, like the e1000,
 * or through a virtio device, like virtio-net), and back. */
#ifndef TK_NETDEV_PCI_H
#define TK_NETDEV_PCI_H

#include <stddef.h>

/* The PCI address (dddd:bb:dd.f) of interface @ifname's device: 0, or -1. */
int tk_netdev_pci(const char *ifname, char *pci, size_t len);
/* The interface on PCI device @pci: 0 with its name, or -1. */
int tk_pci_netdev(const char *pci, char *ifname, size_t len);

#endif
