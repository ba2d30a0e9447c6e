DESC="bad platform descriptions (-M pc, 2 CPUs, 1 GiB; A's IDE controller and e1000 move at the retire): A spoils its description through debugfs; first an extra IOAPIC whose GSIs overlap IOAPIC 0's, a device B does not have (00:1f.7) and one on a GSI no IOAPIC has: B refuses each with a message, takes the IOAPIC, the IDE controller and the e1000 and runs on (tasks on both CPUs, its own NIC does DHCP), and the trace shows B unmasked the IDE pin (14) only after A masked them all; then IOAPIC 0's address in RAM: B refuses the IOAPIC and so the two devices that need it, runs on the same way, and no IOAPIC register is written after A retired; B's poweroff -f ends QEMU with status 0 each time"

# fault_run NAME BITS: boot A with tk.fault=BITS, hand over, B runs on.
fault_run() {
	vm_start "$1" --smp 2 --mem 1G --trace memory_region_ops_write \
		--append "twinkernel=256M pci_dev_flags=1af4:1000:b tk.test=platform-faults tk.fault=$2 tk.end=hold" || return 1
	vm_ktap A platform-faults 300 || return 1
	vm_wait A "twin: retiring: kernel B \\([^)]+-tk-b\\) takes over the machine" 120 \
		"^tkctl handover: " || return 1
	vm_ktap B platform-faults-b 600 || return 1
	vm_ended B "reboot: Power down" || return 1
	grep -h "twin: platform\|twin: takeover:\|IOAPIC\[" "$VM_DIR/B.log" | sed 's/^/    /'
}

test_main() {
	fault_run overlap 0xe || return 1
	vm_wait B "twin: platform: description: IOAPIC 1 \\(ID 1 at 0xfec01000, GSI 8\\+24\\) refused: its GSI range overlaps another IOAPIC's" 1 || return 1
	vm_wait B "twin: platform: description: device 0000:00:1e.0: INTA on GSI 3000, which no IOAPIC taken has: refused" 1 || return 1
	vm_wait B "twin: takeover: 0000:00:1f.7 not taken: no device found at 0000:00:1f.7" 1 || return 1
	vm_wait B "TK-TAKEOVER done: cpu [0-9]+ memory_mib [0-9]+ left_out_mib [0-9]+ ioapics 1 devices 2/4 " 1 || return 1
	vm_wait B "twin: 0000:00:03.0 \\(8086:100e\\) moved here with the platform, driver e1000, IRQ 11" 1 || return 1
	"$TOP/out/retire-audit" --cpu 0 --ioapic-taken 14 "$VM_DIR/trace.log" || return 1

	fault_run addr 0x1 || return 1
	vm_wait B "twin: platform: description: IOAPIC 0 \\(ID 0 at 0x1000000, GSI 0\\+24\\) refused: its address is not MMIO outside RAM" 1 || return 1
	vm_wait B "TK-TAKEOVER done: cpu [0-9]+ memory_mib [0-9]+ left_out_mib [0-9]+ ioapics 0 devices 0/2 " 1 || return 1
	# Nothing from the bad description reached an IOAPIC: after A
	# retired, nobody wrote one (the plain audit, no --ioapic-taken).
	"$TOP/out/retire-audit" --cpu 0 "$VM_DIR/trace.log"
}
