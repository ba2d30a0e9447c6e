DESC="three upgrades in a row with the same service and the same client connection (-M pc, 2 CPUs, 2 GiB, Debian on a virtio disk, virtio NIC forwarded from the host): A -> B -> C -> D, the builds alternating (b, a, b), each new kernel's console the other serial port; redis-server started by Debian's init in A, a client on the host (redis-probe) holding one connection with a request every 5 ms; after each upgrade, in the new kernel: another release than the one before, Debian's init is PID 1, redis-server the PID it had in A, and the client's check on that same connection: same client id, counter equal to the acknowledged INCRs, every value intact, same server PID, uptime going on; redis-server's boot clock, read in its time namespace, went on from the kernel before's with the host's clock (less at most the time the service was held); at the end no failed request and no reconnect"
# shellcheck source=tests/lib/disk.sh
. "$TOP/tests/lib/disk.sh"
# shellcheck source=tests/lib/probe.sh
. "$TOP/tests/lib/probe.sh"



# hop_ok N CONSOLE: the new kernel's scenario passed, and the client's
# connection is the one it opened in A, with nothing lost.
hop_ok() {
	local check now old
	vm_ktap "$2" "upgrade-hop$1" 900 || return 1
	check=$(probe_check) || { echo "the client is gone:"; sed 's/^/    /' "$T_DIR/probe.out"; return 1; }
	echo "client after upgrade $1: $check"
	case "$check" in *" verdict=ok"*) ;; *) echo "the client's check failed"; return 1 ;; esac
	[ "$(probe_field "$check" client_id)" = "$CLIENT" ] || { echo "another connection"; return 1; }
	[ "$(probe_field "$check" server_pid)" = "$PID" ] || { echo "another server process"; return 1; }
	[ "$(probe_field "$check" uptime_s)" -gt "$UPTIME" ] || { echo "the server's uptime did not go on"; return 1; }
	UPTIME=$(probe_field "$check" uptime_s)
	now=$(service_clock "$2")
	old=A; [ "$2" = A ] && old=B
	service_clock_went_on "$CLOCK" "$now" "$(service_held "$old" "$2")" || return 1
	CLOCK=$now
}

test_main() {
	local VM_MAX_SECONDS=1500	# three upgrades: 300-600 s, more on a loaded host
	local port=$((20000 + RANDOM % 20000)) before rc rel con
	trap '[ -z "${PROBE:-}" ] || kill -KILL "$PROBE" 2>/dev/null; vm_stop' EXIT
	disk_present || return 1
	[ -x "$TOP/out/redis-probe" ] || { echo "missing out/redis-probe: make tools"; return 1; }
	vm_start vm --disk "$DISK_IMAGE" --disk-if virtio --snapshot --smp 2 --mem 2G --no-nics \
		--extra -netdev --extra "user,id=na,hostfwd=tcp:127.0.0.1:$port-:6379" \
		--device virtio-net-pci,netdev=na,addr=0x3,mac=52:54:00:12:34:0a \
		--append "twinkernel=256M tk.test=upgrade tk.poweroff=0" || return 1
	vm_wait A "TK-INIT role=A kernel=[^ ]+-tk-a .* root=/dev/vda userland=debian-12" 180 || return 1
	vm_ktap A upgrade 300 || return 1
	CLOCK=$(service_clock A)
	"$TOP/out/redis-probe" --interval 5 --timeout 600000 --log "$T_DIR/probe.log" \
		127.0.0.1 "$port" > "$T_DIR/probe.out" 2>&1 &
	PROBE=$!
	sleep 5
	before=$(probe_check) || { cat "$T_DIR/probe.out"; return 1; }
	echo "client in A: $before"
	PID=$(probe_field "$before" server_pid) CLIENT=$(probe_field "$before" client_id)
	UPTIME=$(probe_field "$before" uptime_s)
	rel=$(sed -n 's/.*TK-INIT role=A kernel=\([^ ]*\) .*/\1/p' "$(vm_log A)" | head -1)
	disk_shell || return 1
	vm_type A "tkctl upgrade --kernel /boot/bzImage-b --service redis-server --cmdline 'tk.test=upgrade-hop1 tk.hops=3 tk.upgrade_pid=$PID tk.prev=$rel tk.poweroff=0'" || return 1
	# B's console is ttyS1, C's ttyS0 (B lends it), D's ttyS1 again.
	hop_ok 1 B || return 1
	hop_ok 2 A || return 1
	hop_ok 3 B || return 1
	kill -TERM "$PROBE"; wait "$PROBE"; rc=$?; PROBE=
	grep '^summary:' "$T_DIR/probe.out"
	for con in A B; do
		grep -h -E "^[0-9.]+ (precopy|freeze|transfer) +[0-9.]+ ms|tkctl upgrade-recv: (service|services)" "$(vm_log $con)" | sed "s/^/  $con: /"
	done
	[ "$rc" = 0 ] || { echo "the client failed (status $rc)"; return 1; }
	grep -q '^summary: .* failures=0 reconnects=0 ' "$T_DIR/probe.out" ||
		{ echo "the client saw failures or reconnects"; return 1; }
}
