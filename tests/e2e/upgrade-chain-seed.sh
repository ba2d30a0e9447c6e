DESC="a chain on the seed's own machine (-M pc, 2 CPUs, 2 GiB, A's Debian on an IDE disk, A's e1000): A -> B -> C, the IOAPIC, the IDE controller and the e1000 moving at each retire; B (config b) takes over as in e2e/handover-seed-machine, mounts A's root file system, reads A's file, writes its own, loads C (kernel A's build) from the disk's /boot and hands it the machine, its file system frozen first; C: the IOAPIC and both devices taken, both CPUs, another release than B's, A's and B's files read back, the e1000 does DHCP and ping with its INTx on IOAPIC pin 11 and the IDE disk on pin 14, B's UART is C's ttyS1 on IRQ 3; C's poweroff -f ends QEMU with status 0"
# shellcheck source=tests/lib/disk.sh
. "$TOP/tests/lib/disk.sh"
test_main() {
	disk_present || return 1
	vm_start vm --disk "$DISK_IMAGE" --snapshot --smp 2 --mem 2G \
		--append "twinkernel=256M pci_dev_flags=1af4:1000:b tk.test=seed-handover tk.chain=1 tk.poweroff=0" || return 1
	vm_wait A "TK-INIT role=A kernel=[^ ]+-tk-a .* root=/dev/sda userland=debian-12" 180 || return 1
	vm_ktap A seed-handover 300 || return 1
	vm_wait B "TK-INIT role=B kernel=[^ ]+-tk-b " 120 || return 1
	disk_shell || return 1
	vm_send "tkctl handover"
	vm_wait A "twin: retiring: kernel B \\([^)]+-tk-b\\) takes over the machine" 300 \
		"^tkctl handover: " || return 1
	vm_ktap B seed-handover-b 900 || return 1
	# C is on ttyS0, the UART A had: its lines are console A's.
	vm_wait B "twin: retiring: kernel B \\([^)]+-tk-a\\) takes over the machine" 300 \
		"^tkctl handover: " || return 1
	vm_ktap A seed-chain-c 900 || return 1
	vm_ended A "reboot: Power down" || return 1
	grep -h "kernel A retired" "$VM_DIR/B.log" "$VM_DIR/A.log"
}
