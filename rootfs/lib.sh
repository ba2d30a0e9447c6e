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
