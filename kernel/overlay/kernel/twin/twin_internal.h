/* SPDX-License-Identifier: GPL-2.0 */
/* Shared between the files of kernel/twin/. */
#ifndef _KERNEL_TWIN_INTERNAL_H
#define _KERNEL_TWIN_INTERNAL_H

#include <linux/pci.h>
#include <linux/twin.h>

/* A: the devices handed to a loaded twin join the deny list. */
void twin_pci_set_deny_extra(const struct twin_pci_dev *list, unsigned int n);
/* Devices moved from A to the running B, by address (pci.c). */
#define TWIN_MOVED_PCI_MAX	32
int twin_pci_give(const struct twin_pci_dev *d, u32 *id);
int twin_pci_take_back(const struct twin_pci_dev *d);
int twin_pci_adopt(const struct twin_pci_dev *d, char *why, size_t len);
int twin_pci_release(const struct twin_pci_dev *d, char *why, size_t len);
/* Devices that move when A retires, with the IOAPIC (pci.c). */
int twin_pci_give_at_retire(const struct twin_pci_dev *d, u32 *id);
bool twin_pci_late_del(const struct twin_pci_dev *d);
void twin_pci_late_clear(void);
unsigned int twin_pci_late_count(void);
int twin_pci_late_fill(struct twin_handover *ho);
/*
 * debugfs (tests, A): spoil the platform part of the next retire's
 * description: IOAPIC 0's address in RAM; an extra IOAPIC whose GSIs
 * overlap IOAPIC 0's; an extra device B does not have; an extra device
 * on a GSI no IOAPIC has.
 */
#define TWIN_PLATFORM_FAULT_ADDR	(1U << 0)
#define TWIN_PLATFORM_FAULT_OVERLAP	(1U << 1)
#define TWIN_PLATFORM_FAULT_NODEV	(1U << 2)
#define TWIN_PLATFORM_FAULT_GSI		(1U << 3)
extern u32 twin_platform_fault;
int twin_pci_adopt_late(const struct twin_pci_dev *d, u32 id, int irq,
			char *why, size_t len);
/* A: is @d among the devices given to the twin? */
bool twin_pci_is_moved(const struct twin_pci_dev *d);
unsigned int twin_pci_moved(struct twin_pci_dev *out, unsigned int max);
/* Is @dev in @list? */
bool twin_pci_listed(const struct twin_pci_dev *list, unsigned int n,
		     struct pci_dev *dev);

struct kobject;
struct resource;

/* The twin memory (reserve.c). */
extern struct resource twin_res;
bool twin_mem_reserved(void);
void __init twin_mem_register(void);

/* B's lifecycle (lifecycle.c); @why gets the reason of a failure. */
#define TWIN_STATES	(TWIN_STATE_CRASHED + 1)
extern const char *const twin_state_names[TWIN_STATES];
int twin_lifecycle_init(void);
int twin_load(const struct twin_load_args *args, char *why, size_t len);
int twin_start(char *why, size_t len);
int twin_stop(char *why, size_t len);
int twin_restart(char *why, size_t len);
int twin_unload(char *why, size_t len);
int twin_give_cpu(struct twin_give_cpu_args *args, char *why, size_t len);
int twin_give_pci(struct twin_give_pci_args *args, char *why, size_t len);
int twin_take_pci(struct twin_give_pci_args *args, char *why, size_t len);
int twin_retire(char *why, size_t len);
void twin_get_status(struct twin_status *st);
ssize_t twin_log_read(char *buf, loff_t pos, size_t count);

/* /dev/twinctl (ctl.c) and /sys/kernel/twin (sysfs.c). */
int twin_ctl_init(void);
int twin_sysfs_init(struct kobject *kobj);

/* The channel (chan.c). */
int __init twin_chan_init(struct kobject *twin_kobj);
int twin_chan_setup(phys_addr_t pa, u32 size, u32 peer_apic_id);
void twin_chan_teardown(void);
void twin_chan_set_alive(bool alive);
void twin_chan_get_status(struct twin_chan_status *st);

/* B: adopting the CPUs and devices A gives (adopt.c). */
void __init twin_adopt_init(void);
extern bool twin_crash_on_adopt;
extern u32 twin_refuse_adopt;
/* B: taking the machine over when A retires (takeover.c). */
int twin_takeover_request(const struct twin_req *req);
int __init twin_takeover_init(struct kobject *kobj);
/* The RAM taken, for the next handover: appended to @ho, but @twin. */
void twin_takeover_fill(struct twin_handover *ho, const struct resource *twin);

/* A kernel that took the machine over hosts the next twin (host.c). */
bool twin_hosting(void);
void twin_become_host(struct kobject *kobj);
int twin_host_mem_alloc(void);
void twin_pci_become_host(void);
void twin_net_become_host(void);

/* Requests between the kernels (req.c). */
typedef int (*twin_req_handler_t)(const struct twin_req *req,
				  struct twin_resp *resp);
void twin_req_set_handler(twin_req_handler_t fn);
void twin_req_rx(u16 type, const void *buf, u32 len);
void twin_req_peer_down(void);
void twin_req_set_peer_gone(bool (*gone)(void));
int twin_req_call(struct twin_req *req, struct twin_resp *resp,
		  unsigned int timeout_ms);
/* chan.c: send one control record; is the peer attached and alive? */
int twin_chan_send_ctl(u16 type, const void *buf, u32 len);
bool twin_chan_peer_up(void);

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
