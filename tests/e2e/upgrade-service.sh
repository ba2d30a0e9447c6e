DESC="tkctl upgrade moves two running services with their TCP connections (-M pc, 3 CPUs, 2 GiB, A's Debian on a virtio disk, A's virtio NIC forwarded from the host): redis-server started by Debian's init, a client on the host (redis-probe) holding one connection and sending INCR/SET/GET every 5 ms, and a second service (redis-cache, Debian's redis-server under another name) with a client of its own; tkctl upgrade --service redis-server --service redis-cache typed in A's shell (its check has B restore a test process; its grow phase gives B CPU 1 before the services move, A keeps CPU 0 until it retires); in B after it: A's CPU 0 came with the takeover, kernel B's release, Debian's init is PID 1, redis-server the same PID; the client's connection never broke (no reconnect, no failed request), the counter equals its acknowledged INCRs, every value read back intact, INFO's process_id the same and its uptime went on, CLIENT INFO's age covers the upgrade, and the same for redis-cache's client; redis-server's boot clock, read in its time namespace in A and in B, went on with the host's clock (less at most the time the service was held); the phases' times and the client's longest gap are printed"
# shellcheck source=tests/lib/disk.sh
. "$TOP/tests/lib/disk.sh"
# shellcheck source=tests/lib/probe.sh
. "$TOP/tests/lib/probe.sh"



# client_evidence: what the client saw, and the server's side of it: the
# redis log in B (ttyS0 is B's login after the upgrade), the NIC's traffic.
client_evidence() {
	echo "the client:"; sed 's/^/    /' "$T_DIR/probe.out"
	vm_login A root "$VM_PASSWORD" 120 >/dev/null &&
		vm_run A 60 "tail -n 15 /var/log/redis/redis-server.log" &&
		echo "$VM_OUT" | sed 's/^/    redis log: /'
	echo "    the NIC's traffic (tcpdump -r): $T_DIR/nic.pcap"
}

test_main() {
	local port=$((20000 + RANDOM % 20000)) pid before after upgrade_s clock
	local port2=$((port + 1)) pid2 before2 after2
	# The clients go with QEMU, whatever happens.
	trap '[ -z "${PROBE:-}" ] || kill -KILL "$PROBE" 2>/dev/null
		[ -z "${PROBE2:-}" ] || kill -KILL "$PROBE2" 2>/dev/null; vm_stop' EXIT
	disk_present || return 1
	[ -x "$TOP/out/redis-probe" ] || { echo "missing out/redis-probe: make tools"; return 1; }
	vm_start vm --disk "$DISK_IMAGE" --disk-if virtio --snapshot --smp 3 --mem 2G --no-nics \
		--extra -netdev --extra "user,id=na,hostfwd=tcp:127.0.0.1:$port-:6379,hostfwd=tcp:127.0.0.1:$port2-:6380" \
		--device virtio-net-pci,netdev=na,addr=0x3,mac=52:54:00:12:34:0a \
		--extra -object --extra "filter-dump,id=fd0,netdev=na,file=$T_DIR/nic.pcap" \
		--append "twinkernel=256M tk.test=upgrade tk.poweroff=0 tk.cache=6380" || return 1
	vm_wait A "TK-INIT role=A kernel=[^ ]+-tk-a .* root=/dev/vda userland=debian-12" 180 || return 1
	vm_ktap A upgrade 300 || return 1
	clock=$(service_clock A)

	# The client: one connection for the whole test.
	"$TOP/out/redis-probe" --interval 5 --log "$T_DIR/probe.log" \
		--status "$T_DIR/probe.status" 127.0.0.1 "$port" > "$T_DIR/probe.out" 2>&1 &
	PROBE=$!
	"$TOP/out/redis-probe" --interval 5 --log "$T_DIR/probe2.log" \
		--status "$T_DIR/probe2.status" 127.0.0.1 "$port2" > "$T_DIR/probe2.out" 2>&1 &
	PROBE2=$!
	sleep 5
	before=$(probe_check) || { cat "$T_DIR/probe.out"; return 1; }
	echo "client before: $before"
	case "$before" in *" verdict=ok"*) ;; *) echo "the client's first check failed"; return 1 ;; esac
	pid=$(probe_field "$before" server_pid)
	before2=$(probe_check "$PROBE2" "$T_DIR/probe2.out") || { cat "$T_DIR/probe2.out"; return 1; }
	echo "redis-cache's client before: $before2"
	case "$before2" in *" verdict=ok"*) ;; *) echo "redis-cache's client's first check failed"; return 1 ;; esac
	pid2=$(probe_field "$before2" server_pid)

	disk_shell || return 1
	upgrade_s=$SECONDS
	vm_type A "tkctl upgrade --kernel /boot/bzImage-b --initrd /boot/initramfs-b.cpio.gz --service redis-server --service redis-cache --cmdline 'tk.test=upgrade-b tk.poweroff=0 tk.upgrade_pid=$pid'" || return 1
	vm_wait A "twin: retiring: kernel B \\([^)]+-tk-b\\) takes over the machine" 900 \
		"tkctl upgrade: the upgrade did not happen" || return 1
	# The check before any service stopped: B restored a test process.
	vm_wait A "check: in B: ok test process PID [0-9]+ restored in" 1 || return 1
	# B runs on CPU 2; the grow phase gave it CPU 1 before the pre-copy,
	# and A kept CPU 0 for the services until the retire.
	vm_wait A "CPU 1 is now the twin's CPU [0-9]+: offline and parked" 1 || return 1
	vm_wait A "^[0-9.]+ grow +[0-9.]+ ms  CPU 1 to B; this kernel keeps 1 until it retires" 1 || return 1
	awk '/^[0-9.]+ grow +[0-9.]+ ms/ { g = 1 } /^[0-9.]+ precopy +[0-9.]+ ms/ { ok = g; exit }
		END { exit !ok }' "$(vm_log A)" ||
		{ echo "the grow phase did not come before the pre-copy"; vm_evidence A 30; return 1; }
	vm_wait B "TK-UPGRADE-SWITCH rc=[0-9]+" 600 || return 1
	if ! vm_wait B "tkctl upgrade-recv: services restored and the network up" 1; then
		grep "tkctl upgrade-recv: " "$(vm_log B)" | sed 's/^/    /'
		return 1
	fi
	# B held A's last CPU until the services were restored: the "holding"
	# step came, and both restores were said before the takeover's end.
	vm_wait B "tkctl upgrade-recv: takeover: holding: .* memory_mib [1-9]" 1 || return 1
	# A's last CPU came with the takeover (B numbers it by its APIC ID).
	vm_wait B "twin: takeover: kernel A retired; .* that CPU is CPU [0-9]+ " 1 || return 1
	awk '/tkctl upgrade-recv: service PID [0-9]+ restored/ { r++ }
		/tkctl upgrade-recv: takeover: done: .* held_ms [0-9]+/ { ok = r == 2; exit }
		END { exit !ok }' "$(vm_log B)" ||
		{ echo "the takeover ended before both services were restored (A's last CPU not held)"
		  grep "tkctl upgrade-recv: " "$(vm_log B)" | sed 's/^/    /'; return 1; }
	vm_ktap B upgrade-b 600 || return 1
	upgrade_s=$((SECONDS - upgrade_s))
	sleep 3
	after=$(probe_check) || { client_evidence; return 1; }
	echo "client after:  $after"
	case "$after" in *" verdict=ok"*) ;; *) echo "the client's check after the upgrade failed"; client_evidence; return 1 ;; esac
	after2=$(probe_check "$PROBE2" "$T_DIR/probe2.out") || { cat "$T_DIR/probe2.out"; return 1; }
	echo "redis-cache's client after:  $after2"
	case "$after2" in *" verdict=ok"*) ;; *) echo "redis-cache's client's check after the upgrade failed"; cat "$T_DIR/probe2.out"; return 1 ;; esac
	kill -TERM "$PROBE" "$PROBE2"
	wait "$PROBE"; local rc=$?
	wait "$PROBE2"; local rc2=$?
	PROBE= PROBE2=
	grep -E '^(summary|check):' "$T_DIR/probe.out" | sed 's/^/  /'
	grep -E '^(summary|check):' "$T_DIR/probe2.out" | sed 's/^/  redis-cache: /'
	echo "A's phases:"; grep -E "^[0-9.]+ (check|boot|grow|precopy|freeze|transfer|handover) +[0-9.]+ ms" "$(vm_log A)" | sed 's/^/  /'
	echo "B:"; grep -E "tkctl upgrade-recv: " "$(vm_log B)" | sed 's/^/  /'
	[ "$rc" = 0 ] || { echo "the client failed (status $rc)"; client_evidence; return 1; }
	[ "$(probe_field "$after" server_pid)" = "$pid" ] || { echo "redis-server's PID changed"; return 1; }
	[ "$(probe_field "$after" client_id)" = "$(probe_field "$before" client_id)" ] ||
		{ echo "another client connection"; return 1; }
	[ "$(probe_field "$after" uptime_s)" -gt "$(probe_field "$before" uptime_s)" ] ||
		{ echo "redis-server's uptime did not go on"; return 1; }
	[ "$(probe_field "$after" client_age_s)" -ge "$upgrade_s" ] ||
		{ echo "the connection is younger than the upgrade ($upgrade_s s)"; return 1; }
	grep -q '^summary: .* failures=0 reconnects=0 ' "$T_DIR/probe.out" ||
		{ echo "the client saw failures or reconnects"; return 1; }
	# The second service: its own connection lived on too.
	[ "$rc2" = 0 ] || { echo "redis-cache's client failed (status $rc2)"; cat "$T_DIR/probe2.out"; return 1; }
	[ "$(probe_field "$after2" server_pid)" = "$pid2" ] || { echo "redis-cache's PID changed"; return 1; }
	[ "$(probe_field "$after2" client_id)" = "$(probe_field "$before2" client_id)" ] ||
		{ echo "another connection to redis-cache"; return 1; }
	[ "$(probe_field "$after2" client_age_s)" -ge "$upgrade_s" ] ||
		{ echo "redis-cache's connection is younger than the upgrade ($upgrade_s s)"; return 1; }
	grep -q '^summary: .* failures=0 reconnects=0 ' "$T_DIR/probe2.out" ||
		{ echo "redis-cache's client saw failures or reconnects"; return 1; }
	service_clock_went_on "$clock" "$(service_clock B)" "$(service_held A B)"
}
