DESC="the seed's own flow: kexec -p (Debian's kexec-tools) then echo 0 > cpu1/online boots B beside A"
test_main() {
	vm_start vm --append "crashkernel=256M pci_dev_flags=1af4:1000:b tk.heartbeat=100 tk.test=seed-kexec" || return 1
	vm_wait A "TK-B-STARTED" "" "TK-MARK-FAILED B-STARTED" || return 1
	vm_wait B "TK-INIT role=B" 120 || return 1
	vm_ktap A seed-kexec || return 1
	grep -q "ignoring elfcorehdr=" "$VM_DIR/B.log" || {
		echo "B did not drop kexec's elfcorehdr="; vm_evidence B; return 1; }
	vm_hb_check A A "TK-B-STARTED" "TK-WINDOW-END" 25 1.0 || return 1
	# B is the debug build (KASAN, lockdep): how often its loop beats
	# depends on the host's load; the 1 s gap bound is what counts. A's
	# 40 s window leaves B 10 s of beats even when B's boot took 30.
	vm_hb_check B B "TK-INIT role=B" "" 10 1.0
}
