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

/* The channel (chan.c). */
struct kobject;
int __init twin_chan_init(struct kobject *twin_kobj);
int twin_chan_setup(phys_addr_t pa, u32 size, u32 peer_apic_id);
void twin_chan_teardown(void);
void twin_chan_set_alive(bool alive);

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
