DESC="when A panics or reboots with B running, the machine resets and B ends with it (QEMU -no-reboot exits; nothing half-works)"
test_main() {
	local end t
	# A's panic (sysrq) is the test's own.
	vm_expect_sysrq_panic A
	for end in panic reboot; do
		vm_start "vm-$end" --append "twinkernel=256M pci_dev_flags=1af4:1000:b tk.test=a-ends tk.a_end=$end panic=-1" || return 1
		vm_wait A "TK-A-ENDS $end" 120 "TK-MARK-FAILED A-ENDS" || return 1
		grep -q "TK-HB B 5\$" "$VM_DIR/B.log" || {
			echo "B was not running before A's $end"; vm_evidence B; return 1; }
		# The reset ends QEMU (-no-reboot) within seconds.
		for t in $(seq 1 100); do
			vm_alive || break
			sleep 0.2
		done
		if vm_alive; then
			echo "QEMU still runs 20 s after A's $end"; vm_evidence A; return 1
		fi
		echo "A's $end: machine reset, QEMU exited; B's last heartbeat: $(grep 'TK-HB B' "$VM_DIR/B.log" | tail -1)"
		vm_stop
	done
}
