DESC="channel limits and faults: twin0 jumbo frames go unsplit, MTU max 65522; a full ring gives EAGAIN (also beside a blocked writer), then POLLOUT; four blocking writers on a full ring all finish; a short read gets EMSGSIZE and loses nothing; B panics mid-stream and A's reader gets ENOTCONN within 1 s, the carrier drops, A's heartbeat holds; B hangs mid-stream: kernel pings time out, A's reader gets ENOTCONN within 2 s; after tkctl restart it all works; an empty record from B is skipped (no EOF) and counted as a drop; a corrupt record or producer index from B is counted, logged and gives EIO; B takes a newer A's channel version (2) and refuses version 0, running without a channel"
# down_within CONSOLE B_MARKER A_MARKER SECONDS: A's marker follows B's
# within SECONDS (host time stamps of the two consoles).
down_within() {
	local t0 t1 gap
	t0=$(awk -v m="$2" 'index($0, m) { print $1; exit }' "$VM_DIR/$1.log")
	t1=$(awk -v m="$3" 'index($0, m) { print $1; exit }' "$VM_DIR/A.log")
	gap=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
	echo "'$2' in $1 at ${t0:-never}, '$3' in A at ${t1:-never}: $gap s"
	[ -n "$t0" ] && [ -n "$t1" ] &&
		awk -v g="$gap" -v lim="$4" 'BEGIN { exit !(g >= 0 && g < lim) }' || {
		echo "expected A's reader to get ENOTCONN within $4 s"
		grep -E "TK-PEER-DOWN|tkstream|twin:" "$VM_DIR/A.log" | tail -n 8
		return 1
	}
}
test_main() {
	# B panics (sysrq) and hangs (lkdtm) mid-stream on purpose.
	vm_expect_sysrq_panic B
	vm_expect_lkdtm_hardlockup B
	vm_start vm --append "twinkernel=256M pci_dev_flags=1af4:1000:b tk.heartbeat=100 tk.test=channel-faults" || return 1
	vm_wait A "TK-B-STARTED" "" "TK-MARK-FAILED B-STARTED" || return 1
	vm_wait B "Kernel panic - not syncing" 120 || return 1
	vm_ktap A channel-faults 300 || return 1
	# From B's last words to A's reader returning ENOTCONN, host time.
	down_within B "Kernel panic - not syncing" "TK-PEER-DOWN panic" 1.0 || return 1
	# A hung B: noticed by its missing heartbeat (1 s), not at once.
	down_within B "Performing direct entry HARDLOCKUP" "TK-PEER-DOWN hang" 2.0 || return 1
	# A's heartbeat across B's crash, the restart, the second B and its
	# corrupt ring.
	vm_hb_check A A "TK-B-STARTED" "" 60 1.0 || return 1
	vm_wait B "TK-AGENT got: stream 10000" 1 || return 1
	vm_wait B "corrupted the message ring to the other kernel \(record\)" 1 || return 1
	vm_wait B "corrupted the message ring to the other kernel \(head\)" 1 || return 1
	vm_wait B "TK-AGENT got: mtu 9000" 1 || return 1
	vm_wait B "channel version 2 from kernel A, this kernel's is 1: using the fields both know" 1 || return 1
	vm_wait B "channel version 0, header of 200 bytes, from kernel A: this kernel needs version 1 or later: no channel" 1 || return 1
}
