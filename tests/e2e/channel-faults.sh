DESC="channel faults: a full ring gives EAGAIN; B panics mid-stream and A's reader gets ENOTCONN within 1 s, the carrier drops, A's heartbeat holds; B hangs mid-stream and A's reader gets ENOTCONN within 2 s; after tkctl restart it all works; a corrupt record from B is counted, logged and gives EIO; B refuses an unknown channel version and runs without one"
test_main() {
	local crash down gap
	vm_start vm --append "twinkernel=256M pci_dev_flags=1af4:1000:b tk.heartbeat=100 tk.test=channel-faults" || return 1
	vm_wait A "TK-B-STARTED" || return 1
	vm_wait B "Kernel panic - not syncing" 120 || return 1
	vm_ktap A channel-faults 300 || return 1
	# From B's panic message to A's reader returning ENOTCONN, host time.
	crash=$(awk '/Kernel panic - not syncing/ { print $1; exit }' "$VM_DIR/B.log")
	down=$(awk '/TK-PEER-DOWN/ { print $1; exit }' "$VM_DIR/A.log")
	gap=$(awk -v a="$crash" -v b="$down" 'BEGIN { printf "%.3f", b - a }')
	echo "B panicked at $crash, A's reader had ENOTCONN at $down: $gap s"
	awk -v g="$gap" 'BEGIN { exit !(g >= 0 && g < 1.0) }' || {
		echo "expected ENOTCONN within 1 s of B's panic"
		grep -E "TK-PEER-DOWN|tkstream|twin:" "$VM_DIR/A.log" | tail -n 8
		return 1
	}
	# A hung B: noticed by its missing heartbeat (1 s), not at once.
	crash=$(awk '/Performing direct entry HARDLOCKUP/ { print $1; exit }' "$VM_DIR/B.log")
	down=$(awk '/TK-PEER-DOWN-HANG/ { print $1; exit }' "$VM_DIR/A.log")
	gap=$(awk -v a="$crash" -v b="$down" 'BEGIN { printf "%.3f", b - a }')
	echo "B hung at $crash, A's reader had ENOTCONN at $down: $gap s"
	awk -v g="$gap" 'BEGIN { exit !(g >= 0 && g < 2.0) }' || {
		echo "expected ENOTCONN within 2 s of B's hang (1 s heartbeat timeout)"
		grep -E "TK-PEER-DOWN|tkstream|twin:" "$VM_DIR/A.log" | tail -n 8
		return 1
	}
	# A's heartbeat across B's crash, the restart, the second B and its
	# corrupt ring.
	vm_hb_check A A "TK-B-STARTED" "" 80 1.0 || return 1
	vm_wait B "TK-AGENT got: stream 10000" 1 || return 1
	vm_wait B "corrupted the message ring to the other kernel \(record\)" 1 || return 1
	vm_wait B "channel version 99 from kernel A, this kernel knows version 1: no channel" 1 || return 1
}
