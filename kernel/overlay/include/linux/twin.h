/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Twin Kernel: hooks called from existing kernel code. See
 * Documentation/admin-guide/twin-kernel.rst.
 */
#ifndef _LINUX_TWIN_H
#define _LINUX_TWIN_H

#include <linux/types.h>
#include <uapi/linux/twin.h>
#include <uapi/linux/twin_abi.h>

struct pci_bus;

#ifdef CONFIG_TWIN_KERNEL
/* True in kernel B ("twin_kernel" on its command line). */
extern bool twin_kernel;

/*
 * Before the early parameters are parsed (CPU identification): is this
 * kernel B? Reads the command line itself.
 */
bool twin_kernel_early(void);
/* A: reserve the twin memory (twinkernel=), from setup_arch(). */
void __init twin_reserve_memory(void);
/*
 * A: the CPU is lent to a running twin and must not be onlined. Called
 * with the CPU maps lock held (from _cpu_up()).
 */
bool twin_cpu_lent(unsigned int cpu);
/*
 * A: on a CPU going offline, after it reported itself dead: enter the
 * twin bound to this CPU, if any. Returns only when there is none.
 */
void twin_play_dead(void);
/* Both: leave this device alone (deny list in A, allow list in B). */
bool twin_pci_skip(struct pci_bus *bus, int devfn);
/* A: a twin is loaded or holds a CPU: no IPI shorthand broadcasts. */
bool twin_blocks_ipi_broadcast(void);
#else
#define twin_kernel false
static inline bool twin_kernel_early(void) { return false; }
static inline void twin_reserve_memory(void) { }
static inline bool twin_cpu_lent(unsigned int cpu) { return false; }
static inline void twin_play_dead(void) { }
static inline bool twin_pci_skip(struct pci_bus *bus, int devfn)
{
	return false;
}

static inline bool twin_blocks_ipi_broadcast(void)
{
	return false;
}
#endif

#ifdef CONFIG_TWIN_KERNEL
/* Between the generic twin code (kernel/twin) and the architecture. */
struct resource;

struct twin_load_request {
	const void *kernel;		/* bzImage file contents */
	size_t kernel_size;
	const void *initrd;		/* may be NULL */
	size_t initrd_size;
	const char *cmdline;
	unsigned int cpu;
	const struct twin_pci_dev *pci;	/* B's allow list */
	unsigned int pci_count;
};

struct twin_range {
	u64 start, size;		/* physical */
};

#define TWIN_IMAGE_RANGES	3

/* Where the CPU jumps, all physical addresses inside the twin memory. */
struct twin_entry {
	u64 entry;			/* B's 64-bit entry point */
	u64 boot_params;		/* B's zero page */
	u64 pgd;			/* identity page table */
	u64 stack;			/* top of a small stack (A's address) */
	u64 gdt_desc;			/* descriptor of a boot GDT */
	u64 idt_desc;			/* descriptor of the entry IDT (A's) */
	u64 shared;			/* struct twin_shared */
	u64 log;			/* B's log ring */
	u64 chan;			/* the channel region */
	u32 log_size;
	u32 chan_size;
	u32 peer_apic_id;		/* B's CPU: where A's doorbells go */
	u32 reserved;
	u64 park;			/* the park (TWIN_PARK_SIZE bytes) */
	u64 handover;			/* struct twin_handover, a page */
	/* What A wrote, checked again before B is entered again. */
	struct twin_range image[TWIN_IMAGE_RANGES];
};

/*
 * Check the image against the twin memory, then lay it out there. On
 * error nothing is written; the reason is logged. Returns -ENOEXEC for a
 * kernel that is not a usable bzImage, -EFBIG when it or the initrd does
 * not fit.
 */
int twin_arch_load(const struct twin_load_request *req,
		   const struct resource *mem, struct twin_entry *out);
/* A's twin state changed: let the architecture re-check its IPI mode. */
void twin_arch_ipi_update(void);
/* On the CPU leaving A, interrupts off: switch to B. */
void __noreturn twin_arch_enter(const struct twin_entry *e);
/* B: the PCI devices A handed over; no other device is scanned. */
void __init twin_pci_set_allow(const struct twin_pci_dev *list, unsigned int n);
/*
 * A: a command of /dev/twinctl failed: log the reason and, the first time
 * in the command, hand it back to the caller (TWIN_IOC_LAST_ERROR).
 */
__printf(1, 2) void twin_fail(const char *fmt, ...);
/* The boot information version A writes: TWIN_BOOT_VERSION but in tests. */
extern u16 twin_boot_version_written;
/* The magic A's retire writes: TWIN_HANDOVER_MAGIC but in tests. */
extern u32 twin_handover_magic_written;
/* Size of the control area at the top of the twin memory. */
#define TWIN_CONTROL_SIZE	0x340000

/* The doorbell: an IPI with one fixed vector, the same in A and B. */
int twin_arch_doorbell_handler(void (*fn)(void));
void twin_arch_doorbell_send(u32 apic_id);
u32 twin_arch_doorbell_vector(void);
u32 twin_arch_boot_apic_id(void);
u32 twin_arch_cpu_apic_id(unsigned int cpu);
#ifdef CONFIG_CRASH_DUMP
struct kimage;
/*
 * The seed's flow: the command line of a crash image loaded with
 * kexec_load(), and its length to scan; NULL if none is found.
 */
const char *twin_arch_kexec_cmdline(const struct kimage *image, size_t *len);
#endif
/* B: the shared page A mapped for it, NULL without one. */
struct twin_shared *twin_b_shared(phys_addr_t *pa);
/* B: A's boot information, NULL without one. */
const struct twin_boot_info *twin_b_boot_info(void);

/*
 * The park (arch/x86/twin/park.c), TWIN_PARK_SIZE bytes in the control
 * area: struct twin_park_area, the park code and its IDT, the stacks.
 */
#define TWIN_PARK_AREA_OFF	0x0000
#define TWIN_PARK_CODE_OFF	0x1000
#define TWIN_PARK_STACKS_OFF	0x2000
#define TWIN_PARK_STACKS_SIZE	0x6000
#define TWIN_PARK_SIZE		0x8000
/* A: lay out the park at @pa; B maps [map_start, map_end) to wake CPUs. */
void twin_park_layout(u64 pa, u64 map_start, u64 map_end);
/* A: slot @slot of the park at @pa, NULL if out of range. */
struct twin_park_slot *twin_park_slot(u64 pa, unsigned int slot);
/* A, on the CPU going offline, interrupts off: park it in @slot. */
void __noreturn twin_arch_park(const struct twin_entry *e, u64 park_pa,
			       unsigned int slot);
struct twin_handover;
/* A: describe A's RAM (but @twin) and platform facts for B. */
void twin_arch_handover_fill(struct twin_handover *ho,
			     const struct resource *twin);
/* A, on its last CPU after device shutdown: silence the platform, park. */
void __noreturn twin_arch_retire(const struct twin_entry *e, u64 park_pa,
				 unsigned int slot);
/* B: A retired; from now on power off and reset by A's facts. */
void twin_arch_take_platform(const struct twin_handover *ho);
/* A kernel that took the machine over: the facts it took, for the next. */
void twin_arch_platform_fill(struct twin_handover *ho);
/*
 * Before a block of the retired kernel's RAM goes online here: what the
 * block needs mapped first (KASAN's shadow). @lend: a run of the block's
 * RAM it may use; on return, the part of it that was used.
 */
struct twin_mem_range;
int twin_arch_hotplug_prepare(u64 start, u64 size, struct twin_mem_range *lend);
/* The I/O port of the next twin's UART: the one this kernel is not on. */
u16 twin_arch_twin_uart(void);
/* The IRQ numbers of the machine's GSIs: 0..gsi_top-1 (0: unknown). */
u32 twin_arch_gsi_top(void);
/* B, at boot: keep the IRQ numbers below @top free for the GSIs. */
void twin_arch_reserve_gsis(u32 top);
/* A: the IOAPICs and ISA IRQs into the description (ioapic.c). */
void twin_arch_ioapic_fill(struct twin_handover *ho);
struct pci_dev;
struct twin_intx;
/* A: the GSI of @dev's INTx (pin 0: none used); -ENOENT: no IOAPIC's. */
int twin_arch_intx_route(struct pci_dev *dev, struct twin_intx *x);
/* B: check and register the IOAPICs, ISA IRQs, A's UART; IOAPICs taken. */
u32 twin_arch_take_ioapics(struct twin_handover *ho);
/* B: the IRQ of a device that moved with the platform, 0: none. */
int twin_arch_map_intx(const struct twin_intx *x);
/* A host: the UART its next twin gets is no longer used here. */
void twin_arch_lend_uart(u16 port);
/* B: 0 once A parked its CPU in @slot; -EPROTO: not yet; why. */
int twin_arch_cpu_parked(u32 apic_id, u32 slot, char *why, size_t len);
/* B: wake the CPU A parked in @slot; B's CPU number or -errno, why. */
int twin_arch_adopt_cpu(u32 apic_id, u32 slot, char *why, size_t len);
#endif

#endif /* _LINUX_TWIN_H */
