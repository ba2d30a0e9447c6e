DESC="the seed's own machine (-M pc, 2 CPUs, 2 GiB, A's Debian on an IDE disk, A's e1000): B boots beside A from the disk's /boot; root logs in on A's ttyS0 and B's ttyS1 (user name and password typed; uname -r answers -tk-a and -tk-b); tkctl handover typed in A's shell, with no --leave, moves CPU 1, then at A's retire the IOAPIC, the IDE controller and the e1000; in B: both CPUs, MemTotal >= 90%, the IOAPIC registered from A's description, A's root file system mounted (A's file read back, a new one written and synced), the e1000 does DHCP and ping, IDE and e1000 interrupts rise through the IOAPIC, A's UART is ttyS0 on IRQ 4 and a root login there reaches B (uname -r: -tk-b), no ERR/SPU growth over 60 s; B's poweroff -f ends QEMU with status 0; the QEMU trace shows A masked every IOAPIC pin and the 8259 before it parked, and after it only B wrote the IOAPIC (the pins of the IDE disk, the e1000 and the UART), never the 8259, PIT, HPET or RTC"
# shellcheck source=tests/lib/disk.sh
. "$TOP/tests/lib/disk.sh"
test_main() {
	disk_present || return 1
	vm_start vm --disk "$DISK_IMAGE" --snapshot --smp 2 --mem 2G \
		--trace memory_region_ops_write \
		--append "twinkernel=256M pci_dev_flags=1af4:1000:b tk.test=seed-handover tk.poweroff=0" || return 1
	vm_wait A "TK-INIT role=A kernel=[^ ]+-tk-a .* root=/dev/sda userland=debian-12" 180 || return 1
	vm_ktap A seed-handover 300 || return 1
	vm_wait B "TK-INIT role=B kernel=[^ ]+-tk-b " 120 || return 1
	# While both run: root logs in on A's ttyS0 (Debian's agetty) and on
	# B's ttyS1 (busybox getty), user name and password typed.
	disk_shell || return 1
	vm_login B root "$VM_PASSWORD" 180 || return 1
	vm_run A 60 "uname -r" || return 1
	echo "A's shell: $VM_OUT"; [[ "$VM_OUT" == *-tk-a ]] || return 1
	vm_run B 60 "uname -r" || return 1
	echo "B's shell: $VM_OUT"; [[ "$VM_OUT" == *-tk-b ]] || return 1
	# The user's command, typed in A's shell on ttyS0.
	vm_type A "tkctl handover" || return 1
	vm_wait A "twin: retiring: kernel B \\([^)]+-tk-b\\) takes over the machine" 300 \
		"^tkctl handover: " || return 1
	vm_wait B "^[0-9.]+ ok 1 - kernel A retired" 600 || return 1
	# ttyS0 is B's now: a login there reaches B.
	vm_login A root "$VM_PASSWORD" 180 || return 1
	vm_run A 60 "uname -r" || return 1
	echo "ttyS0 after the handover: $VM_OUT"; [[ "$VM_OUT" == *-tk-b ]] || return 1
	vm_ktap B seed-handover-b 900 || return 1
	vm_ended B "reboot: Power down" || return 1
	grep -h "kernel A retired" "$VM_DIR/B.log"
	# A retired on CPU 0 (vCPU 0): it masked every IOAPIC pin and the
	# 8259 first; after, only B programmed IOAPIC pins (4: A's UART, 11:
	# the e1000 on -M pc, 14: the IDE disk), and nobody the rest.
	"$TOP/out/retire-audit" --cpu 0 --ioapic-taken 4,11,14 "$VM_DIR/trace.log"
}
