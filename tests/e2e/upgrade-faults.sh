DESC="tkctl upgrade refuses or stops cleanly (-M pc, 3 CPUs, 2 GiB, Debian on a virtio disk, redis-server with a client on the host holding one connection): no --kernel (status 2), a missing kernel file, a file that is no bzImage, an unknown service (status 1, each with its reason, no twin loaded after); --dry-run prints the plan and loads nothing; a service criu cannot dump (a process holding /dev/twinctl open) stops the upgrade after B booted and grew (CPU 1 given), with criu's reason, the process runs on in A, B is stopped and unloaded and A has its three CPUs online again; a service inside another's process tree is refused in the check; with redis-server named before that process and --keep-cpus 2 (no CPU to grow), redis-server's final dump succeeds, the other's fails, and redis-server is restored in A from its images, same PID; B crashing (lkdtm oops) while it runs its criu check stops the upgrade, B is unloaded; through all of it redis-server kept its PID and the client's connection saw no failed request"
# shellcheck source=tests/lib/disk.sh
. "$TOP/tests/lib/disk.sh"

# refused RC TEXT COMMAND: typed in A's shell, COMMAND exits with RC and
# says TEXT, and no twin is loaded after.
refused() {
	local rc=$1 text=$2; shift 2
	vm_run A 900 "$*; echo exit=\$?; tkctl status | grep '^state:'" || return 1
	echo "$*:"; echo "$VM_OUT" | sed 's/^/    /'
	echo "$VM_OUT" | grep -q "^exit=$rc$" || { echo "expected exit status $rc"; return 1; }
	echo "$VM_OUT" | grep -qF -- "$text" || { echo "expected \"$text\""; return 1; }
	echo "$VM_OUT" | grep -qE '^state: +(none|unloaded)' || { echo "a twin is loaded after it"; return 1; }
}

test_main() {
	local port=$((20000 + RANDOM % 20000)) pid pid2 rc
	trap '[ -z "${PROBE:-}" ] || kill -KILL "$PROBE" 2>/dev/null; vm_stop' EXIT
	disk_present || return 1
	vm_start vm --disk "$DISK_IMAGE" --disk-if virtio --snapshot --smp 3 --mem 2G --no-nics \
		--extra -netdev --extra "user,id=na,hostfwd=tcp:127.0.0.1:$port-:6379" \
		--device virtio-net-pci,netdev=na,addr=0x3,mac=52:54:00:12:34:0a \
		--append "twinkernel=256M tk.test=upgrade tk.poweroff=0" || return 1
	vm_ktap A upgrade 300 || return 1
	"$TOP/out/redis-probe" --interval 5 --log "$T_DIR/probe.log" 127.0.0.1 "$port" \
		> "$T_DIR/probe.out" 2>&1 &
	PROBE=$!
	disk_shell || return 1
	vm_run A 30 "cat /run/redis/redis-server.pid" || return 1
	pid=$VM_OUT
	refused 2 "--kernel FILE is required" tkctl upgrade --service redis-server || return 1
	refused 1 "--kernel /boot/nope: No such file or directory" \
		tkctl upgrade --kernel /boot/nope --service redis-server || return 1
	refused 1 "--kernel /etc/hostname:" \
		tkctl upgrade --kernel /etc/hostname --service redis-server || return 1
	refused 1 "--service no-such-daemon: no process of that name" \
		tkctl upgrade --kernel /boot/bzImage-b --service no-such-daemon || return 1
	refused 0 "plan: boot /boot/bzImage-b beside this kernel; move 1 service: PID $pid" \
		tkctl upgrade --dry-run --kernel /boot/bzImage-b --service redis-server || return 1
	# A process criu cannot dump: it holds a device criu does not know.
	vm_run A 30 "setsid sleep 100000 3</dev/twinctl & sleep 1; pidof sleep" || return 1
	refused 1 "tkctl upgrade: the upgrade did not happen; the services run here" \
		tkctl upgrade --kernel /boot/bzImage-b --service sleep || return 1
	# criu's own reason: the device it does not know.
	vm_wait A "criu (pre-)?dump of PID [0-9]+ failed .*Error \\(criu/" 1 || return 1
	vm_wait A "undo: the twin kernel stopped and unloaded" 1 || return 1
	# The grow phase had given B CPU 1 before the dump failed; the undo
	# took it back with B's CPU.
	vm_wait A " grow +[0-9.]+ ms  CPU 1 to B;" 1 || return 1
	vm_run A 30 "cat /sys/devices/system/cpu/online" || return 1
	[ "$VM_OUT" = "0-2" ] || { echo "A's online CPUs after the undo: '$VM_OUT', not 0-2"; return 1; }
	# One service inside another's process tree: refused in the check.
	vm_run A 30 "sh -c 'sleep 100001 & wait' & sleep 1; echo \$! \$(cat /proc/\$!/task/\$!/children)" || return 1
	set -- $(echo "$VM_OUT" | tail -n 1)
	[ $# = 2 ] || { echo "no shell with one sleep under it: '$VM_OUT'"; return 1; }
	refused 1 "--service $1 (PID $1) and --service $2 (PID $2): one runs inside the other's process tree; name only its root" \
		tkctl upgrade --kernel /boot/bzImage-b --service "$1" --service "$2" || return 1
	vm_run A 30 "kill $2 $1" || return 1
	# Two services, the second one undumpable: redis-server's final dump
	# took it out of A before the sleep's failed; the undo restores it
	# here from its images, same PID, the client's connection held. A
	# keeps CPUs 0 and 1 (B has CPU 2): nothing to grow.
	refused 1 "tkctl upgrade: the upgrade did not happen; the services run here" \
		tkctl upgrade --kernel /boot/bzImage-b --service redis-server --service sleep \
		--keep-cpus 2 || return 1
	vm_wait A " grow +[0-9.]+ ms  no CPU to spare: this kernel keeps its 2 online \\(--keep-cpus 2\\)" 1 || return 1
	vm_wait A "criu dump of PID [0-9]+ failed .*; the services dumped before it come back here" 1 || return 1
	vm_wait A "undo: PID $pid runs here again \\(criu restore\\)" 1 || return 1
	# B crashes (lkdtm, an oops with oops=panic) while it runs criu check.
	vm_expect_lkdtm_oops B
	refused 1 "tkctl upgrade: the upgrade did not happen; the services run here" \
		tkctl upgrade --kernel /boot/bzImage-b --service redis-server \
		--cmdline "'tk.upgrade_crash=oops oops=panic'" || return 1
	vm_wait A "tkctl upgrade: (the twin kernel ended while it booted|waiting for the twin kernel: it is down)" 1 || return 1
	vm_wait B "lkdtm: Performing direct entry EXCEPTION" 1 || return 1
	vm_run A 30 "pidof sleep; cat /run/redis/redis-server.pid" || return 1
	echo "after it: $VM_OUT"
	[ "$(echo "$VM_OUT" | wc -l)" = 2 ] || { echo "the process that could not move is gone"; return 1; }
	pid2=$(echo "$VM_OUT" | tail -1)
	[ "$pid2" = "$pid" ] || { echo "redis-server's PID changed: $pid -> $pid2"; return 1; }
	kill -TERM "$PROBE"; wait "$PROBE"; rc=$?; PROBE=
	grep '^summary:' "$T_DIR/probe.out"
	[ "$rc" = 0 ] && grep -q '^summary: .* failures=0 reconnects=0 ' "$T_DIR/probe.out" ||
		{ echo "the client saw a failure:"; sed 's/^/    /' "$T_DIR/probe.out"; return 1; }
}
