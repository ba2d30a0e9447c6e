// SPDX-License-Identifier: GPL-2.0
/*
 * Twin Kernel, kernel B: taking over the machine when kernel A retires
 * (TWIN_OP_RETIRE). A has given B its devices and its other CPUs; it
 * describes its RAM and the platform facts B needs (struct twin_handover)
 * and parks its last CPU. B checks the description and answers, then,
 * in a work item: wakes A's last CPU from the park, adds A's RAM (whole
 * memory blocks), takes the power-off and reset facts, the IOAPICs and
 * the devices that needed them (A drove those until it retired), and
 * from then on is the machine's only kernel.
 */
#define pr_fmt(fmt) "twin: takeover: " fmt

#include <linux/completion.h>
#include <linux/cpu.h>
#include <linux/delay.h>
#include <linux/io.h>
#include <linux/kobject.h>
#include <linux/memory.h>
#include <linux/memory_hotplug.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/sysfs.h>
#include <linux/timekeeping.h>
#include <linux/twin.h>
#include <linux/workqueue.h>

#include "twin_internal.h"

/* A parks its last CPU right after B's answer: it is there in microseconds. */
#define TWIN_PARK_WAIT_MS	10000

/*
 * How long a held CPU (see twin_hold_cpu) waits for "release": past this,
 * whoever asked for the hold is taken to be gone and the CPU comes.
 */
#define TWIN_HOLD_MAX_S		30

enum twin_takeover_state { TAKEOVER_NONE, TAKEOVER_WAITING, TAKEOVER_PLATFORM,
			   TAKEOVER_HOLDING, TAKEOVER_DONE, TAKEOVER_FAILED };
static const char *const twin_takeover_names[] = {
	"none", "waiting", "platform", "holding", "done", "failed",
};

static DEFINE_MUTEX(twin_takeover_lock);
static enum twin_takeover_state twin_takeover_state;
static struct twin_handover *twin_ho;		/* B's checked copy */
static u32 twin_ho_apic_id, twin_ho_slot;
static u64 twin_ho_t0;
static char twin_takeover_result[256];
static struct kobject *twin_kobj;
/*
 * "hold" written before the takeover passed the platform step: A's RAM is
 * added right after it, then A's last CPU waits for "release". Waking that
 * CPU takes hundreds of milliseconds under emulation and slows what runs
 * beside it (a service's restore), so a restore that needs only the
 * platform and the RAM goes first.
 */
static bool twin_hold_cpu;
static DECLARE_COMPLETION(twin_cpu_release);

/* Is [start, end) free of B's own memory (what A lent it at boot)? */
static bool twin_not_mine(u64 start, u64 end)
{
	const struct twin_boot_info *bi = twin_b_boot_info();
	u64 s = bi ? bi->mem_start : 0, e = bi ? bi->mem_start + bi->mem_size : 0;

	return end <= s || start >= e;
}

/* The description as A wrote it, copied once; every field checked. */
static int twin_handover_check(const struct twin_handover *ho)
{
	u32 i;

	if (ho->magic != TWIN_HANDOVER_MAGIC || !ho->version ||
	    ho->size < TWIN_HANDOVER_V1_SIZE) {
		pr_err("description: magic %#x version %u size %u, expected %#x, version 1 or later, at least %u bytes\n",
		       ho->magic, ho->version, ho->size, TWIN_HANDOVER_MAGIC,
		       TWIN_HANDOVER_V1_SIZE);
		return -EPROTO;
	}
	if (ho->nr_ram > TWIN_HANDOVER_RAM_MAX) {
		pr_err("description: %u RAM ranges, at most %u\n", ho->nr_ram,
		       TWIN_HANDOVER_RAM_MAX);
		return -EPROTO;
	}
	for (i = 0; i < ho->nr_ram; i++) {
		const struct twin_mem_range *r = &ho->ram[i];

		if (!r->size || r->start + r->size < r->start ||
		    !PAGE_ALIGNED(r->start) || !PAGE_ALIGNED(r->size)) {
			pr_err("description: RAM range %u %#llx+%#llx is malformed\n",
			       i, r->start, r->size);
			return -EPROTO;
		}
		/* Sorted and apart: no page is taken twice. */
		if (i && r->start < ho->ram[i - 1].start + ho->ram[i - 1].size) {
			pr_err("description: RAM range %u %#llx+%#llx overlaps or precedes the one before\n",
			       i, r->start, r->size);
			return -EPROTO;
		}
		if (!twin_not_mine(r->start, r->start + r->size)) {
			pr_err("description: RAM range %u %#llx+%#llx overlaps this kernel's own memory\n",
			       i, r->start, r->size);
			return -EPROTO;
		}
	}
	return 0;
}

/*
 * Below this, RAM stays out: the first MiB is the firmware's and every
 * x86 kernel keeps it; the page at 1 MiB is the hole B's memory map has
 * there (arch/x86/twin/load.c), which keeps the firmware's busy range
 * below 1 MiB apart from A's RAM in /proc/iomem.
 */
#define TWIN_TAKE_MIN	(SZ_1M + PAGE_SIZE)

/*
 * The RAM this kernel took from A, sorted, not overlapping: filled once
 * before the blocks go online (the online callback reads it), then only
 * read (a later handover gives it on, twin_takeover_fill()).
 */
#define TWIN_TAKEN_MAX	(2 * TWIN_HANDOVER_RAM_MAX)
static struct twin_mem_range twin_taken[TWIN_TAKEN_MAX];
static u32 twin_nr_taken;
static u64 twin_block_lo, twin_block_hi;	/* the blocks being added */

/*
 * Taken RAM the kernel uses for a block's own metadata (KASAN's shadow,
 * twin_arch_hotplug_prepare()): still in the plan (it is this kernel's
 * and the next one's), never given to the page allocator.
 */
#define TWIN_LENT_MAX	8
static struct twin_mem_range twin_lent[TWIN_LENT_MAX];
static u32 twin_nr_lent;

static bool twin_in(const struct twin_mem_range *r, u32 n, u64 start, u64 end)
{
	u32 i;

	for (i = 0; i < n; i++)
		if (start >= r[i].start && end <= r[i].start + r[i].size)
			return true;
	return false;
}

static bool twin_overlaps(const struct twin_mem_range *r, u32 n, u64 start,
			  u64 end)
{
	u32 i;

	for (i = 0; i < n; i++)
		if (start < r[i].start + r[i].size && end > r[i].start)
			return true;
	return false;
}

/* Pages that go to the page allocator: taken, not lent. */
static bool twin_is_free(u64 start, u64 end)
{
	return twin_in(twin_taken, twin_nr_taken, start, end) &&
	       !twin_overlaps(twin_lent, twin_nr_lent, start, end);
}

/*
 * Memory hotplug onlines whole blocks; a block of A's may also hold what
 * is not RAM (the first MiB, ACPI tables at the top of low memory). Only
 * A's RAM goes to the page allocator: the rest stays PageOffline, as
 * virtio-mem leaves the parts of a block it has not plugged.
 */
static void twin_online_page(struct page *page, unsigned int order)
{
	u64 pa = page_to_phys(page), n = PAGE_SIZE << order, off;

	if (pa >= twin_block_hi || pa + n <= twin_block_lo ||
	    twin_is_free(pa, pa + n)) {
		generic_online_page(page, order);
		return;
	}
	for (off = 0; off < n; off += PAGE_SIZE)
		if (twin_is_free(pa + off, pa + off + PAGE_SIZE))
			generic_online_page(pfn_to_page(PHYS_PFN(pa + off)), 0);
}

/*
 * Into the kernel's zone, not ZONE_MOVABLE: each block's metadata (its
 * struct pages, and with KASAN 16 MiB of shadow per 128 MiB) comes from
 * memory already online, which at first is only B's own (the shadow,
 * when that is short, from the block itself); the blocks added before
 * must be able to hold the next one's.
 */
static int twin_online_block(struct memory_block *mem, void *arg)
{
	mem->online_type = MMOP_ONLINE_KERNEL;
	return device_online(&mem->dev);
}

/* A's RAM from TWIN_TAKE_MIN on, none of B's own: the pages to take. */
static void twin_plan_taken(void)
{
	u32 i;

	twin_nr_taken = 0;
	for (i = 0; i < twin_ho->nr_ram; i++) {
		u64 s = max_t(u64, twin_ho->ram[i].start, TWIN_TAKE_MIN);
		u64 e = twin_ho->ram[i].start + twin_ho->ram[i].size;

		if (e <= s)
			continue;
		twin_taken[twin_nr_taken].start = s;
		twin_taken[twin_nr_taken].size = e - s;
		twin_nr_taken++;
	}
}

/* Bytes of the plan in [start, end). */
static u64 twin_taken_in(u64 start, u64 end)
{
	u64 sum = 0;
	u32 i;

	for (i = 0; i < twin_nr_taken; i++) {
		u64 s = max(start, twin_taken[i].start);
		u64 e = min(end, twin_taken[i].start + twin_taken[i].size);

		if (e > s)
			sum += e - s;
	}
	return sum;
}

/*
 * Cut [start, end) out of the plan: a block that could not be added. A
 * range around it is split; with no room left for the split, its upper
 * part goes too (the pages stay offline, which is safe).
 */
static void twin_plan_drop(u64 start, u64 end)
{
	struct twin_mem_range *r;
	u64 re;
	u32 i;

	for (i = 0; i < twin_nr_taken; i++) {
		r = &twin_taken[i];
		re = r->start + r->size;
		if (r->start >= end || re <= start)
			continue;
		if (r->start < start && re > end &&
		    twin_nr_taken < TWIN_TAKEN_MAX) {
			memmove(r + 2, r + 1,
				(twin_nr_taken - i - 1) * sizeof(*r));
			twin_nr_taken++;
			r[1].start = end;
			r[1].size = re - end;
			r->size = start - r->start;
			i++;
		} else if (r->start < start) {
			r->size = start - r->start;
		} else if (re > end) {
			r->start = end;
			r->size = re - end;
		} else {
			r->size = 0;
		}
	}
}

/* The longest run of the plan in [start, end): what a block can lend. */
static struct twin_mem_range twin_lendable(u64 start, u64 end)
{
	struct twin_mem_range best = { 0, 0 };
	u32 i;

	for (i = 0; i < twin_nr_taken; i++) {
		u64 s = max(start, twin_taken[i].start);
		u64 e = min(end, twin_taken[i].start + twin_taken[i].size);

		if (e > s && e - s > best.size) {
			best.start = s;
			best.size = e - s;
		}
	}
	return best;
}

/* Add and online one block; the callback frees only the plan's pages. */
static int twin_add_block(u64 a, u64 block)
{
	struct resource res = DEFINE_RES_NAMED(a, block, "twin takeover",
					       IORESOURCE_SYSTEM_RAM);
	struct twin_mem_range lend = { 0, 0 };
	int ret;

	if (!mhp_range_allowed(a, block, true))
		return -E2BIG;
	/*
	 * Not add_memory(): it claims the whole block in /proc/iomem, and
	 * a block may hold firmware ranges; twin_claim_ram() claims the RAM.
	 */
	ret = add_memory_resource(memory_add_physaddr_to_nid(a), &res,
				  MHP_NONE);
	if (ret)
		return ret;
	if (twin_nr_lent < TWIN_LENT_MAX)
		lend = twin_lendable(a, a + block);
	ret = twin_arch_hotplug_prepare(a, block, &lend);
	if (lend.size)
		twin_lent[twin_nr_lent++] = lend;
	if (ret)
		return ret;
	lock_device_hotplug();
	ret = walk_memory_blocks(a, block, NULL, twin_online_block);
	unlock_device_hotplug();
	return ret;
}

/* "System RAM" in /proc/iomem for each range taken. */
static void twin_claim_ram(void)
{
	struct resource *res;
	u32 i;

	for (i = 0; i < twin_nr_taken; i++) {
		if (!twin_taken[i].size)
			continue;
		res = __request_region(&iomem_resource, twin_taken[i].start,
				       twin_taken[i].size, "System RAM",
				       IORESOURCE_SYSTEM_RAM);
		if (!res)
			pr_warn("A's RAM %#llx+%#llx is online but not in /proc/iomem: it overlaps a busy range\n",
				twin_taken[i].start, twin_taken[i].size);
	}
}

/* Drop the emptied ranges of the plan, keeping its order. */
static void twin_plan_compact(void)
{
	u32 i, n = 0;

	for (i = 0; i < twin_nr_taken; i++)
		if (twin_taken[i].size)
			twin_taken[n++] = twin_taken[i];
	twin_nr_taken = n;
}

/*
 * A's RAM, in the memory blocks (the unit of hotplug) that hold nothing
 * of B's: the parts of a block that are not A's RAM stay offline pages.
 */
static void twin_take_memory(u64 *added, u64 *left_out)
{
	u64 block = memory_block_size_bytes(), a, last = U64_MAX, total = 0;
	u32 i;
	int ret;

	twin_plan_taken();
	twin_nr_lent = 0;
	for (i = 0; i < twin_ho->nr_ram; i++)
		total += twin_ho->ram[i].size;
	if (!twin_nr_taken) {
		*added = 0;
		*left_out = total;
		return;
	}
	twin_block_lo = ALIGN_DOWN(twin_taken[0].start, block);
	twin_block_hi = ALIGN(twin_taken[twin_nr_taken - 1].start +
			      twin_taken[twin_nr_taken - 1].size, block);
	ret = set_online_page_callback(twin_online_page);
	if (ret) {
		pr_err("another driver (virtio-mem, a balloon) decides which hot-added pages go online: A's RAM is not taken\n");
		twin_nr_taken = 0;
		*added = 0;
		*left_out = total;
		return;
	}
	for (i = 0; i < twin_nr_taken; i++) {
		u64 s = ALIGN_DOWN(twin_taken[i].start, block);
		u64 e = ALIGN(twin_taken[i].start + twin_taken[i].size, block);

		for (a = s; a < e; a += block) {
			if (a == last)
				continue;	/* shared with the range before */
			last = a;
			if (!twin_not_mine(a, a + block)) {
				twin_plan_drop(a, a + block);
				continue;
			}
			ret = twin_add_block(a, block);
			if (ret) {
				pr_err("cannot add A's RAM block %#llx+%lluM: %d\n",
				       a, block >> 20, ret);
				twin_plan_drop(a, a + block);
			}
		}
	}
	restore_online_page_callback(twin_online_page);
	twin_plan_compact();
	twin_claim_ram();
	*added = twin_taken_in(0, U64_MAX);
	*left_out = total - *added;
}

/*
 * The devices A drove until it retired, each with the IRQ of the GSI A
 * routed its INTx to: a device refused is left alone, the rest taken.
 */
static u32 twin_take_intx_devices(void)
{
	u32 i, moved = 0;

	for (i = 0; i < twin_ho->nr_intx; i++) {
		const struct twin_intx *x = &twin_ho->intx[i];
		struct twin_pci_dev d = {
			.kind = TWIN_PCI_BY_ADDR, .domain_or_vendor = x->pci_addr >> 16,
			.bus = x->pci_addr >> 8, .devfn = x->pci_addr,
		};
		char why[160] = "";
		int irq, ret;

		irq = twin_arch_map_intx(x);
		if (irq < 0) {
			pr_err("%04x:%02x:%02x.%d: GSI %u not mapped (%d): not taken\n",
			       d.domain_or_vendor, d.bus, PCI_SLOT(d.devfn),
			       PCI_FUNC(d.devfn), x->gsi, irq);
			continue;
		}
		ret = twin_pci_adopt_late(&d, x->id, irq, why, sizeof(why));
		if (ret) {
			pr_err("%04x:%02x:%02x.%d not taken: %s (%d)\n",
			       d.domain_or_vendor, d.bus, PCI_SLOT(d.devfn),
			       PCI_FUNC(d.devfn), why, ret);
			continue;
		}
		moved++;
	}
	return moved;
}

/*
 * The drivers that bind in the platform step need memory: with less of
 * B's own free than this, A's RAM is added before them.
 */
#define TWIN_PLATFORM_FIRST_FREE	SZ_64M

/*
 * Once A's last CPU is parked, A runs no more code: first what the
 * services wait for (the IOAPICs and the devices that move with them:
 * the root disk among them), said in the "platform" state, then A's last
 * CPU and A's RAM, which only add capacity (A's RAM first when B has
 * little memory free for those drivers). With a hold, A's RAM comes
 * right after the platform ("holding"), and the CPU when released.
 */
static void twin_takeover_fn(struct work_struct *w)
{
	u64 t_park, t_plat0, t_plat, t_cpu0, t_cpu, mem_ns = 0, added = 0, left_out = 0;
	u64 deadline, t, free_mib, held_ns = 0;
	u32 nr_ioapic, nr_intx, intx_moved;
	char why[160] = "";
	bool ram_first, hold;
	int cpu, ret;

	deadline = ktime_get_ns() + TWIN_PARK_WAIT_MS * NSEC_PER_MSEC;
	for (;;) {
		ret = twin_arch_cpu_parked(twin_ho_apic_id, twin_ho_slot, why,
					   sizeof(why));
		if (ret != -EPROTO || ktime_get_ns() > deadline)
			break;
		usleep_range(100, 200);	/* not parked yet */
	}
	t_park = ktime_get_ns();
	/* A is gone either way: nothing more comes on the channel. */
	twin_chan_set_alive(false);
	if (ret) {
		mutex_lock(&twin_takeover_lock);
		snprintf(twin_takeover_result, sizeof(twin_takeover_result),
			 "kernel A's last CPU (APIC ID %u) did not park: %s",
			 twin_ho_apic_id, why);
		pr_emerg("%s; this kernel runs on without it\n",
			 twin_takeover_result);
		twin_takeover_state = TAKEOVER_FAILED;
		mutex_unlock(&twin_takeover_lock);
		sysfs_notify(twin_kobj, NULL, "takeover");
		return;
	}
	free_mib = global_zone_page_state(NR_FREE_PAGES) >> (20 - PAGE_SHIFT);
	ram_first = free_mib < (TWIN_PLATFORM_FIRST_FREE >> 20);
	if (ram_first) {
		pr_info("%llu MiB free here: A's RAM is added before the platform's drivers bind\n",
			free_mib);
		t = ktime_get_ns();
		twin_take_memory(&added, &left_out);
		mem_ns = ktime_get_ns() - t;
	}
	t_plat0 = ktime_get_ns();
	twin_arch_take_platform(twin_ho);
	nr_intx = twin_ho->nr_intx;
	nr_ioapic = twin_arch_take_ioapics(twin_ho);
	intx_moved = twin_take_intx_devices();
	t_plat = ktime_get_ns();
	mutex_lock(&twin_takeover_lock);
	snprintf(twin_takeover_result, sizeof(twin_takeover_result),
		 "ioapics %u devices %u/%u park_ms %llu platform_ms %llu",
		 nr_ioapic, intx_moved, nr_intx,
		 (t_park - twin_ho_t0) / NSEC_PER_MSEC,
		 (t_plat - t_plat0) / NSEC_PER_MSEC);
	twin_takeover_state = TAKEOVER_PLATFORM;
	hold = twin_hold_cpu;
	mutex_unlock(&twin_takeover_lock);
	sysfs_notify(twin_kobj, NULL, "takeover");

	if (hold) {
		if (!ram_first) {
			t = ktime_get_ns();
			twin_take_memory(&added, &left_out);
			mem_ns = ktime_get_ns() - t;
		}
		mutex_lock(&twin_takeover_lock);
		snprintf(twin_takeover_result, sizeof(twin_takeover_result),
			 "ioapics %u devices %u/%u park_ms %llu platform_ms %llu memory_mib %llu left_out_mib %llu mem_ms %llu",
			 nr_ioapic, intx_moved, nr_intx,
			 (t_park - twin_ho_t0) / NSEC_PER_MSEC,
			 (t_plat - t_plat0) / NSEC_PER_MSEC, added >> 20,
			 left_out >> 20, mem_ns / NSEC_PER_MSEC);
		twin_takeover_state = TAKEOVER_HOLDING;
		mutex_unlock(&twin_takeover_lock);
		sysfs_notify(twin_kobj, NULL, "takeover");
		t = ktime_get_ns();
		if (!wait_for_completion_timeout(&twin_cpu_release,
				secs_to_jiffies(TWIN_HOLD_MAX_S)))
			pr_warn("A's last CPU was not released within %d s: it comes now\n",
				TWIN_HOLD_MAX_S);
		held_ns = ktime_get_ns() - t;
	}

	t_cpu0 = ktime_get_ns();
	cpu = twin_arch_adopt_cpu(twin_ho_apic_id, twin_ho_slot, why,
				  sizeof(why));
	t_cpu = ktime_get_ns();
	if (cpu < 0) {
		mutex_lock(&twin_takeover_lock);
		snprintf(twin_takeover_result, sizeof(twin_takeover_result),
			 "kernel A's last CPU (APIC ID %u) did not come up: %s",
			 twin_ho_apic_id, why);
		pr_emerg("%s; this kernel runs on without it%s (it has the platform)\n",
			 twin_takeover_result,
			 ram_first || hold ? "" : " and A's RAM");
		twin_takeover_state = TAKEOVER_FAILED;
		mutex_unlock(&twin_takeover_lock);
		sysfs_notify(twin_kobj, NULL, "takeover");
		return;
	}
	if (!ram_first && !hold) {
		twin_take_memory(&added, &left_out);
		mem_ns = ktime_get_ns() - t_cpu;
	}
	mutex_lock(&twin_takeover_lock);
	snprintf(twin_takeover_result, sizeof(twin_takeover_result),
		 "cpu %d memory_mib %llu left_out_mib %llu ioapics %u devices %u/%u park_ms %llu platform_ms %llu cpu_ms %llu mem_ms %llu total_ms %llu held_ms %llu",
		 cpu, added >> 20, left_out >> 20, nr_ioapic, intx_moved,
		 nr_intx, (t_park - twin_ho_t0) / NSEC_PER_MSEC,
		 (t_plat - t_plat0) / NSEC_PER_MSEC,
		 (t_cpu - t_cpu0) / NSEC_PER_MSEC, mem_ns / NSEC_PER_MSEC,
		 (ktime_get_ns() - twin_ho_t0) / NSEC_PER_MSEC,
		 held_ns / NSEC_PER_MSEC);
	twin_takeover_state = TAKEOVER_DONE;
	mutex_unlock(&twin_takeover_lock);
	sysfs_notify(twin_kobj, NULL, "takeover");
	pr_info("kernel A retired; this kernel runs the machine: A's last CPU parked after %llu ms, %u IOAPICs and %u of %u devices with them (%llu ms), that CPU is CPU %d (%llu ms), %llu MiB of A's RAM added, %llu MiB left out (%llu ms), %llu ms in all\n",
		(t_park - twin_ho_t0) / NSEC_PER_MSEC, nr_ioapic, intx_moved,
		nr_intx, (t_plat - t_plat0) / NSEC_PER_MSEC, cpu,
		(t_cpu - t_cpu0) / NSEC_PER_MSEC, added >> 20,
		left_out >> 20, mem_ns / NSEC_PER_MSEC,
		(ktime_get_ns() - twin_ho_t0) / NSEC_PER_MSEC);
	twin_become_host(twin_kobj);
}
static DECLARE_WORK(twin_takeover_work, twin_takeover_fn);

static int twin_range_cmp(const void *a, const void *b)
{
	const struct twin_mem_range *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/*
 * This kernel retires in turn: its RAM is what its memory map says (the
 * memory it was lent, already in @ho) and what it took; all but @twin,
 * sorted, as the next kernel checks.
 */
void twin_takeover_fill(struct twin_handover *ho, const struct resource *twin)
{
	u64 ts = twin->start, te = twin->end + 1;
	u32 i;

	for (i = 0; i < twin_nr_taken; i++) {
		u64 s = twin_taken[i].start, e = s + twin_taken[i].size;
		u64 cut[2][2] = { { s, min(e, ts) }, { max(s, te), e } };
		int k;

		for (k = 0; k < 2; k++) {
			if (cut[k][1] <= cut[k][0])
				continue;
			if (ho->nr_ram == TWIN_HANDOVER_RAM_MAX) {
				pr_warn("more RAM ranges than a handover holds: %#llx-%#llx stays out\n",
					cut[k][0], cut[k][1]);
				continue;
			}
			ho->ram[ho->nr_ram].start = cut[k][0];
			ho->ram[ho->nr_ram].size = cut[k][1] - cut[k][0];
			ho->nr_ram++;
		}
	}
	sort(ho->ram, ho->nr_ram, sizeof(ho->ram[0]), twin_range_cmp, NULL);
}

/* TWIN_OP_RETIRE, from the request handler (process context). */
int twin_takeover_request(const struct twin_req *req)
{
	u64 apic_id = req->arg[0], slot = req->arg[1], off = req->arg[2];
	struct twin_handover *ho;
	struct twin_shared *sh;
	phys_addr_t sh_pa;
	void *map;
	int ret;

	if (apic_id > U32_MAX || slot >= TWIN_PARK_SLOTS || !off ||
	    !PAGE_ALIGNED(off) || off > TWIN_CONTROL_SIZE - PAGE_SIZE) {
		pr_err("retire: APIC ID %llu, slot %llu, description at %#llx: out of range\n",
		       apic_id, slot, off);
		return -EINVAL;
	}
	sh = twin_b_shared(&sh_pa);
	if (!sh)
		return -ENODEV;
	ho = kmalloc(sizeof(*ho), GFP_KERNEL);
	if (!ho)
		return -ENOMEM;
	map = memremap(sh_pa + off, sizeof(*ho), MEMREMAP_WB);
	if (!map) {
		kfree(ho);
		return -ENOMEM;
	}
	memcpy(ho, map, sizeof(*ho));
	memunmap(map);
	/* What an older A did not write reads as zero: no platform part. */
	if (ho->size >= TWIN_HANDOVER_V1_SIZE && ho->size < sizeof(*ho))
		memset((u8 *)ho + ho->size, 0, sizeof(*ho) - ho->size);
	ret = twin_handover_check(ho);
	if (ret) {
		kfree(ho);
		return ret;
	}

	mutex_lock(&twin_takeover_lock);
	if (twin_takeover_state != TAKEOVER_NONE) {
		mutex_unlock(&twin_takeover_lock);
		kfree(ho);
		return -EBUSY;
	}
	twin_ho = ho;
	twin_ho_apic_id = apic_id;
	twin_ho_slot = slot;
	twin_ho_t0 = ktime_get_ns();
	twin_takeover_state = TAKEOVER_WAITING;
	mutex_unlock(&twin_takeover_lock);
	pr_info("kernel A retires: %u RAM ranges, its last CPU (APIC ID %llu) comes next\n",
		ho->nr_ram, apic_id);
	schedule_work(&twin_takeover_work);
	return 0;
}

/*
 * /sys/kernel/twin/takeover: "none", "waiting", "platform: ...",
 * "holding: ...", "failed: why", "done: ...".
 */
static ssize_t takeover_show(struct kobject *k, struct kobj_attribute *a,
			     char *buf)
{
	ssize_t n;

	mutex_lock(&twin_takeover_lock);
	if (twin_takeover_state >= TAKEOVER_PLATFORM)
		n = sysfs_emit(buf, "%s: %s\n",
			       twin_takeover_names[twin_takeover_state],
			       twin_takeover_result);
	else
		n = sysfs_emit(buf, "%s\n",
			       twin_takeover_names[twin_takeover_state]);
	mutex_unlock(&twin_takeover_lock);
	return n;
}

/*
 * "hold": before the takeover passed its platform step, keep A's last CPU
 * parked after A's RAM is added, until "release" (or TWIN_HOLD_MAX_S).
 * "release": let a held CPU come (at once if it is not waiting yet).
 */
static ssize_t takeover_store(struct kobject *k, struct kobj_attribute *a,
			      const char *buf, size_t len)
{
	ssize_t ret = len;

	mutex_lock(&twin_takeover_lock);
	if (sysfs_streq(buf, "hold")) {
		if (twin_takeover_state > TAKEOVER_WAITING)
			ret = -EBUSY;	/* past the point where it could */
		else
			twin_hold_cpu = true;
	} else if (sysfs_streq(buf, "release")) {
		if (twin_hold_cpu)
			complete_all(&twin_cpu_release);
		else
			ret = -EINVAL;	/* nothing was held */
	} else {
		ret = -EINVAL;
	}
	mutex_unlock(&twin_takeover_lock);
	return ret;
}

static struct kobj_attribute twin_takeover_attr = __ATTR_RW_MODE(takeover, 0644);

int __init twin_takeover_init(struct kobject *kobj)
{
	twin_kobj = kobj;
	return sysfs_create_file(kobj, &twin_takeover_attr.attr);
}
