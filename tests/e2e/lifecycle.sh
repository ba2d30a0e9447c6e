DESC="B's panic, oops, reboot, poweroff and halt end B only; A notices within 1 s with the reason, shows B's last words, restarts B 5 times, stops it cleanly and gets its CPU back"
test_main() {
	# B's panics (sysrq) and oopses (lkdtm) are the test's own.
	vm_expect_sysrq_panic B
	vm_expect_lkdtm_oops B
	vm_start vm --append "twinkernel=256M pci_dev_flags=1af4:1000:b tk.heartbeat=100 tk.test=lifecycle" || return 1
	vm_ktap A lifecycle 480 || return 1
	# A noticed each end within 1 s of B's last words (host time stamps):
	# the first panic or stop line after the boot that was told to end so.
	local kind t0 t1 d inits
	for kind in panic oops reboot poweroff halt; do
		t0=$(awk -v k="tk.crash=$kind " '
			index($0, "Command line:") && index($0, k) { on = 1 }
			on && /Kernel panic - not syncing|twin kernel stopped/ { print $1; exit }' \
			"$VM_DIR/B.log")
		t1=$(grep -m1 "TK-NOTICED $kind\$" "$VM_DIR/A.log" | awk '{ print $1 }')
		[ -n "$t0" ] && [ -n "$t1" ] || { echo "no markers for $kind"; return 1; }
		d=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
		echo "$kind: A noticed $d s after B's last act"
		awk -v d="$d" 'BEGIN { exit !(d < 1.0) }' || { vm_evidence A; return 1; }
	done
	inits=$(grep -c "TK-INIT role=B" "$VM_DIR/B.log")
	echo "B reached init $inits times"
	[ "$inits" -ge 17 ] || return 1
	vm_hb_check A A "TK-SCENARIO-START lifecycle" "TK-SCENARIO-END lifecycle" 150 1.0
}
