DESC="handover failures (q35, 4 CPUs, 2 GiB): tkctl handover is refused, nothing changed, with B stopped and with a B that says it cannot take over (debugfs caps, as an older build); B panics while adopting the first device (debugfs crash_on_adopt): tkctl handover stops, says B ended, takes back every CPU and device (CPUs 0-3 and the three devices A's again, its disk reads its data); B refusing A's virtio NIC while it runs on (debugfs refuse_adopt): the SATA controller moved before comes back from B, nothing changed; a fresh B, and a second tkctl handover while one runs is refused; the first retires A, B takes over and powers off"
test_main() {
	truncate -s 16M "$T_DIR/disk.raw" || return 1
	vm_expect_splat B 'crash_on_adopt' \
		'Kernel panic - not syncing: twin: crash_on_adopt|Call Trace:'
	vm_start vm --machine q35 --smp 4 --mem 2G \
		--extra -drive --extra "file=$T_DIR/disk.raw,format=raw,if=none,id=gd" \
		--device virtio-blk-pci,drive=gd,addr=0x5 \
		--append "twinkernel=256M tk.test=handover-faults tk.end=hold" || return 1
	vm_ktap A handover-faults 900 || return 1
	vm_wait B "twin: crash_on_adopt \\(debugfs\\): dying while adopting PCI device 0000:00:1f.2" 1 || return 1
	vm_wait B "twin: 0000:00:1f.2: goes back to kernel A, removed here" 1 || return 1
	vm_ktap B handover-faults-b 600 || return 1
	vm_ended B "reboot: Power down" || return 1
	grep -h "another tkctl handover\|the twin kernel ended\|took back every\|is this kernel's again" "$VM_DIR/A.log"
}
