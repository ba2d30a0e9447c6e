// SPDX-License-Identifier: GPL-2.0
/*
 * Twin Kernel on x86: the channel's doorbell. Both kernels use the
 * platform IPI vector (X86_PLATFORM_IPI_VECTOR, fixed by the architecture,
 * so the same in every build) and send it to one APIC ID only: the other
 * kernel's. Nothing else in a twin kernel's configuration uses that
 * vector (it serves Hyper-V and SGI UV).
 */
#include <linux/irqflags.h>
#include <linux/printk.h>
#include <linux/twin.h>
#include <asm/apic.h>
#include <asm/irq.h>
#include <asm/irq_vectors.h>

/*
 * Take the vector's callback, unless something else (Hyper-V, SGI UV)
 * has it already: then there is no doorbell, and no channel.
 */
int twin_arch_doorbell_handler(void (*fn)(void))
{
	void (*old)(void);

	old = cmpxchg(&x86_platform_ipi_callback, NULL, fn);
	if (old && old != fn) {
		pr_err("twin: the platform IPI vector already has a handler (%ps): no doorbell\n",
		       old);
		return -EBUSY;
	}
	return 0;
}

void twin_arch_doorbell_send(u32 apic_id)
{
	unsigned long flags;

	/* ICR high and low are two writes: no interrupt in between. */
	local_irq_save(flags);
	apic_wait_icr_idle();
	apic_icr_write(APIC_DM_FIXED | APIC_DEST_PHYSICAL |
		       X86_PLATFORM_IPI_VECTOR, apic_id);
	local_irq_restore(flags);
}

u32 twin_arch_doorbell_vector(void)
{
	return X86_PLATFORM_IPI_VECTOR;
}

u32 twin_arch_boot_apic_id(void)
{
	return boot_cpu_physical_apicid;
}
