# Helpers for test scenarios run by /init: KTAP output on the console.
# A scenario calls tk_plan N first, then tk_ok/tk_check once per test
# point, and tk_done last. The plan comes first so that a scenario that
# stops early (it exits, its shell dies, its kernel crashes) is caught:
# the host (tests/lib/vm.sh, vm_ktap) requires exactly N test points
# numbered 1..N, then tk_done's line, then /init's "rc=0".

tk_n=0
tk_failed=0
tk_planned=
tk_last=

tk_plan() { tk_planned=$1; echo "TAP version 13"; echo "1..$1"; }

# tk_ok DESCRIPTION STATUS [EVIDENCE]: record a result computed by the
# caller. Returns 0 for a pass, 1 otherwise (tk_mark prints a marker only
# after a passed test point). Never call it in a subshell
# ("$(...)", a pipeline): the count would be lost, and the host sees it.
tk_ok() {
	tk_n=$((tk_n + 1))
	if [ "$2" -eq 0 ]; then
		tk_last=0
		echo "ok $tk_n - $1"
	else
		tk_last=1
		tk_failed=$((tk_failed + 1))
		echo "not ok $tk_n - $1${3:+ # $3}"
		return 1
	fi
}

# tk_check DESCRIPTION COMMAND...: run COMMAND, record whether it succeeded;
# its output is shown as evidence on failure.
tk_check() {
	desc=$1; shift
	out=$("$@" 2>&1); rc=$?
	tk_ok "$desc" "$rc" "$(echo "$out" | tr '\n' ' ' | cut -c1-200)"
}

# tk_check_shown DESCRIPTION COMMAND...: tk_check, and COMMAND's output is
# shown on the console too (figures the host-side test reads).
tk_check_shown() {
	desc=$1; shift
	out=$("$@" 2>&1); rc=$?
	echo "$out" | sed 's/^/# /'
	tk_ok "$desc" "$rc" "$(echo "$out" | tr '\n' ' ' | cut -c1-200)"
}

# tk_expect_fail DESCRIPTION COMMAND...: COMMAND must fail.
tk_expect_fail() {
	desc=$1; shift
	out=$("$@" 2>&1); rc=$?
	if [ "$rc" -ne 0 ]; then rc=0; else rc=1; fi
	tk_ok "$desc" "$rc" "unexpectedly succeeded: $(echo "$out" | tr '\n' ' ' | cut -c1-200)"
}

# tk_mark MARKER: print MARKER (a line the host waits for, or times from)
# only if the last test point passed. Otherwise print "TK-MARK-FAILED"
# and the marker without its "TK-" (so that nothing waiting for the marker
# matches it), and which test point failed.
tk_mark() {
	if [ "$tk_last" = 0 ]; then
		echo "$1"
	else
		tk_mark_failed "$1" "test point $tk_n failed"
	fi
}

# tk_mark_failed MARKER WHY: say that MARKER was not reached, and why.
tk_mark_failed() { echo "TK-MARK-FAILED ${1#TK-}: $2"; }

# tk_done: the scenario's last line. The host checks the counts itself;
# this says it in the guest's words too.
tk_done() {
	[ "$tk_n" = "$tk_planned" ] ||
		echo "# plan mismatch: planned ${tk_planned:-nothing} test points, ran $tk_n"
	echo "TK-SCENARIO-DONE failed=$tk_failed ran=$tk_n planned=${tk_planned:-none}"
}

# tk_after_getty: in the Debian image, when /etc/inittab has an agetty on
# this console's port, wait (at most 60 s) until it is blocked reading a
# login name. It flushes the port's output when it starts, beside a
# scenario that tk-boot runs detached: a line written just before that
# would be lost.
tk_after_getty() {
	con=$(sed 's/.* //' /sys/class/tty/console/active 2>/dev/null)
	[ -n "$con" ] && grep -q "^[^#].*agetty.* $con " /etc/inittab 2>/dev/null || return 0
	n=0
	while [ $n -lt 600 ]; do
		for pid in $(pgrep -x agetty); do
			tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q " $con " || continue
			# Syscall 0 is read(2) on x86-64: the prompt is out.
			[ "$(cut -d' ' -f1 "/proc/$pid/syscall" 2>/dev/null)" = 0 ] && return 0
		done
		sleep 0.1; n=$((n + 1))
	done
	echo "# no agetty waiting on $con after 60 s: going on"
}

# tk_wait_state STATE TIMEOUT_S: A's twin reaches STATE (/sys/kernel/twin/state).
tk_wait_state() {
	n=0
	while [ "$(cat /sys/kernel/twin/state)" != "$1" ]; do
		[ $n -ge $(($2 * 10)) ] && { echo "state $(cat /sys/kernel/twin/state), not $1"; return 1; }
		sleep 0.1; n=$((n + 1))
	done
}

# tk_wait_b_running: B's own word in the shared page, within 60 s: its
# kernel has started init.
tk_wait_b_running() {
	n=0
	until [ "$(cat /sys/kernel/twin/b_state)" = running ]; do
		[ $n -ge 600 ] && { echo "b_state $(cat /sys/kernel/twin/b_state)"; return 1; }
		sleep 0.1; n=$((n + 1))
	done
}

# tk_wait_chan_up: A's end of the channel is up within 60 s.
tk_wait_chan_up() {
	n=0
	until [ "$(cat /sys/kernel/twin/channel/state)" = up ]; do
		[ $n -ge 600 ] && { echo "channel $(cat /sys/kernel/twin/channel/state)"; return 1; }
		sleep 0.1; n=$((n + 1))
	done
}

# tk_took_over TEXT: tk_wait_takeover, and its line holds TEXT (a fixed
# string, e.g. " ioapics 1 devices 2/2 ").
tk_took_over() {
	out=$(tk_wait_takeover); rc=$?; echo "$out"
	[ $rc = 0 ] && echo "$out" | grep -qF -- "$1"
}

# tk_each_cpu_runs: a task pinned to each online CPU runs there.
tk_each_cpu_runs() {
	for c in $(awk '/^processor/ { print $3 }' /proc/cpuinfo); do
		out=$(taskset -c "$c" cut -d" " -f39 /proc/self/stat)
		echo "pinned to $c, ran on $out"
		[ "$out" = "$c" ] || return 1
	done
}

# tk_wait_takeover: in the kernel that takes over, the takeover is done
# within 120 s; prints /sys/kernel/twin/takeover.
tk_wait_takeover() {
	n=0
	until grep -q "^done" /sys/kernel/twin/takeover; do
		[ $n -ge 1200 ] && { cat /sys/kernel/twin/takeover; return 1; }
		sleep 0.1; n=$((n + 1))
	done
	cat /sys/kernel/twin/takeover
}

# tk_service_clock PID: the boot clock of PID's time namespace (Debian's
# nsenter), as "TK-SERVICE-CLOCK pid=PID boottime=SECONDS". The host
# compares two readings across an upgrade with its own clock: a moved
# service's clocks must go on from where they were in the kernel before.
tk_service_clock() {
	up=$(nsenter -T -t "$1" cat /proc/uptime) || return 1
	echo "TK-SERVICE-CLOCK pid=$1 boottime=${up%% *}"
}

# tk_criu_features: "criu check --all" (Debian's criu 3.17) says "Looks
# good.", and each kernel feature it checks is there one by one ("criu
# check --feature F"), AppArmor's profile stacking among them. Not asked:
# has_ipt_legacy, the iptables-legacy tool rather than the kernel (the image
# lacks it; the network lock is nftables). Prints what is missing.
tk_criu_features() {
	missing=
	for f in mnt_id mem_dirty_track aio_remap timerfd tun tun_ns userns \
		fdinfo_lock seccomp_suspend seccomp_filters loginuid cgroupns \
		autofs tcp_half_closed compat_cr uffd uffd-noncoop can_map_vdso \
		sk_ns sk_unix_file net_diag_raw nsid link_nsid kcmp_epoll timens \
		external_net_ns clone3_set_tid newifindex nftables \
		pidfd_store ns_pid network_lock_nftables sockopt_buf_lock \
		memfd_hugetlb move_mount_set_group openat2 get_rseq_conf \
		apparmor_stacking; do
		criu check --feature "$f" >/dev/null 2>&1 || missing="$missing $f"
	done
	all=$(criu check --all 2>&1 | tail -n 1)
	echo "criu's kernel features missing:${missing:- none}; criu check --all: $all"
	[ -z "$missing" ] && [ "$all" = "Looks good." ]
}
