/* SPDX-License-Identifier: GPL-2.0 */
/* Giving the running twin one device or one CPU (tkctl grow, handover). */
#ifndef TK_GIVE_H
#define TK_GIVE_H

#include <linux/twin.h>

/*
 * TWIN_IOC_GIVE_PCI / TWIN_IOC_GIVE_CPU on the open /dev/twinctl @ctl for
 * command @cmd, then one line with the times; 0, or -1 after the
 * kernel's reason.
 */
int tk_give_pci(int ctl, const char *cmd, const struct twin_pci_dev *d);
int tk_give_cpu(int ctl, const char *cmd, unsigned int cpu);
/* TWIN_GIVE_AT_RETIRE: the device moves with the IOAPIC, at the retire. */
int tk_give_pci_at_retire(int ctl, const char *cmd, const struct twin_pci_dev *d);
/* TWIN_IOC_TAKE_PCI: the device back from the running twin, one line. */
int tk_take_pci(int ctl, const char *cmd, const struct twin_pci_dev *d);

#endif
