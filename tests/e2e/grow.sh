DESC="A gives a running B two more CPUs for good (tkctl grow, -smp 4): each goes offline in A into the park in B's memory and B brings it online by a mailbox wake, no INIT; B runs a pinned task on each; A refuses its boot CPU, B's CPU and a missing CPU, and onlining a given CPU; stop, restart and unload take every CPU back into A"
test_main() {
	vm_start vm --smp 4 --append "twinkernel=256M tk.test=grow" || return 1
	vm_wait A "TK-GROWN" 600 "TK-MARK-FAILED GROWN" || return 1
	vm_ktap A grow || return 1
	# The first B's scenario (the restarted B's waits for CPUs that do not come).
	vm_wait B "ok 4 - the local timer ticks on each of them" 1 || return 1
	# B woke them itself: its wakeup callback, not INIT/SIPI.
	vm_wait B "APIC: wakeup_secondary_cpu_64\\(\\) replaced with twin_wakeup_cpu" 1 || return 1
	vm_wait B "CPU [0-9]+ \\(APIC ID 1\\) adopted from kernel A" 1 || return 1
	vm_wait B "CPU [0-9]+ \\(APIC ID 2\\) adopted from kernel A" 1 || return 1
}
