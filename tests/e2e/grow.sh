DESC="A gives a running B its virtio-blk disk and two more CPUs for good (tkctl grow, q35, 4 CPUs): the disk is removed in A and bound in B, which reads A's data on it; each CPU goes offline in A into the park in B's memory and B brings it online by a mailbox wake, no INIT; B runs a pinned task on each; A refuses its boot CPU, B's CPU, a missing CPU, an INTx device and a bridge, takes back a device B has no driver for, refuses onlining a given CPU; stop, restart and unload take everything back into A"
test_main() {
	truncate -s 16M "$T_DIR/disk.raw" || return 1
	vm_start vm --machine q35 --smp 4 \
		--extra -drive --extra "file=$T_DIR/disk.raw,format=raw,if=none,id=gd" \
		--device virtio-blk-pci,drive=gd,addr=0x5 \
		--extra -netdev --extra user,id=nete \
		--device e1000e,netdev=nete,addr=0x6 \
		--append "twinkernel=256M tk.test=grow" || return 1
	vm_wait A "TK-GROWN" 600 "TK-MARK-FAILED GROWN" || return 1
	vm_ktap A grow || return 1
	# The first B's scenario (the restarted B's waits for what does not come).
	vm_wait B "ok 5 - the local timer ticks on each of them" 1 || return 1
	# B woke them itself: its wakeup callback, not INIT/SIPI.
	vm_wait B "APIC: wakeup_secondary_cpu_64\\(\\) replaced with twin_wakeup_cpu" 1 || return 1
	vm_wait B "CPU [0-9]+ \\(APIC ID 1\\) adopted from kernel A" 1 || return 1
	vm_wait B "CPU [0-9]+ \\(APIC ID 2\\) adopted from kernel A" 1 || return 1
	vm_wait B "0000:00:05.0 \\(1af4:1001\\) moved here from kernel A, driver virtio-pci" 1 || return 1
	vm_wait B "cannot adopt PCI device 0000:00:06.0: .*no driver in this kernel binds it" 1 || return 1
}
