/* SPDX-License-Identifier: GPL-2.0 */
/* Shared between the files of kernel/twin/. */
#ifndef _KERNEL_TWIN_INTERNAL_H
#define _KERNEL_TWIN_INTERNAL_H

#include <linux/pci.h>
#include <linux/twin.h>

/* A: the devices handed to a loaded twin join the deny list. */
void twin_pci_set_deny_extra(const struct twin_pci_dev *list, unsigned int n);
/* Is @dev in @list? */
bool twin_pci_listed(const struct twin_pci_dev *list, unsigned int n,
		     struct pci_dev *dev);

#ifdef CONFIG_CRASH_DUMP
/* The seed's kexec -p flow (seed.c). */
bool twin_seed_claim(void);
void twin_seed_release(void);
void twin_seed_enter(void);
#else
static inline bool twin_seed_claim(void) { return false; }
static inline void twin_seed_release(void) { }
static inline void twin_seed_enter(void) { }
#endif

#endif
