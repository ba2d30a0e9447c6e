DESC="rootfs/tk-gettys (the initramfs' login prompts) under busybox sh with a fake getty, /proc/tty/driver/serial and /dev: a getty on a working port at once; none on a port whose UART is unknown (B's ttyS0 before the handover), even with its device node, until the port gets a UART type, then within 2 s; a getty that ends is respawned; none while the port went away; a second start adds no loop; a bad name is refused; --stop ends loops and gettys, also gettys that ignore SIGHUP"
# The script runs as it does in kernel B (busybox sh), with its test hooks
# pointing into a scratch folder. The fake getty records its arguments in
# started, one line per start, and sleeps until killed.

# gt_count TTY: how many gettys were started on TTY.
gt_count() { grep -c " $1 vt100\$" "$GT/started" 2>/dev/null; }

# gt_wait WHAT SECONDS COMMAND...: COMMAND succeeds within SECONDS.
gt_wait() {
	local what=$1 secs=$2 end=$((SECONDS + $2)); shift 2
	while [ "$SECONDS" -lt "$end" ]; do
		"$@" && { echo "ok: $what"; return 0; }
		sleep 0.1
	done
	echo "FAIL: $what (not within $secs s)"
	gt_evidence
	return 1
}

# gt_never WHAT SECONDS COMMAND...: COMMAND stays false for SECONDS.
gt_never() {
	local what=$1 end=$((SECONDS + $2)); shift 2
	while [ "$SECONDS" -lt "$end" ]; do
		if "$@"; then
			echo "FAIL: $what"
			gt_evidence
			return 1
		fi
		sleep 0.1
	done
	echo "ok: $what"
}

gt_evidence() {
	echo "--- gettys started (fake getty's arguments):"
	sed 's/^/    /' "$GT/started" 2>/dev/null
	echo "--- serial ports:"
	sed 's/^/    /' "$GT/serial"
	echo "--- tk-gettys' log:"
	sed 's/^/    /' "$GT/log" 2>/dev/null
}

gt_serial() {
	printf '%s\n' "serinfo:1.0 driver revision:" \
		"0: uart:$1 port:${2:-00000000} irq:0" \
		"1: uart:16550A port:000002F8 irq:0 tx:0 rx:0" > "$GT/serial"
}

# gt ARGS...: tk-gettys with SIGHUP ignored, as when started under nohup
# (always, so that the result does not depend on how the test was run):
# the fake gettys inherit that, so --stop must end them some other way
# than by the hangup a real getty's session gets.
gt() {
	(trap '' HUP
	TK_SERIAL_PROC=$GT/serial TK_DEV=$GT/dev TK_RUN=$GT/run \
		TK_GETTY=$GT/getty TK_POLL=0.2 TK_LOG=$GT/log \
		exec /bin/busybox sh "$TOP/rootfs/tk-gettys" "$@")
}

gt_is() { [ "$(gt_count "$1")" = "$2" ]; }
# gt_runs PID: the process exists and is not a zombie (an orphan waits
# for the host's init to reap it).
gt_runs() {
	kill -0 "$1" 2>/dev/null &&
		[ "$(sed 's/.*) \(.\).*/\1/' "/proc/$1/stat" 2>/dev/null)" != Z ]
}
gt_alive() { gt_runs "$(cat "$GT/run/$1.pid" 2>/dev/null)"; }

gt_test() {
	local out rc g l0 l1
	mkdir -p "$GT/dev"
	printf '#!/bin/sh\necho $$ >> %s/pids\necho "$*" >> %s/started\nexec sleep 1000\n' "$GT" "$GT" > "$GT/getty"
	chmod +x "$GT/getty"
	# Character devices for [ -c ]: /dev/null will do.
	ln -s /dev/null "$GT/dev/ttyS1"
	gt_serial unknown

	out=$(gt ttyS1 ttyS0) || { echo "FAIL: tk-gettys ttyS1 ttyS0: $out"; return 1; }
	echo "tk-gettys ttyS1 ttyS0 says: $(echo "$out" | tr '\n' ' ')"
	cat "$GT"/run/*.pid >> "$GT/pids"	# for gt_cleanup, whatever --stop does
	gt_wait "a getty on ttyS1 (a UART, a device node) at once" 2 gt_is ttyS1 1 || return 1
	grep -qx -- "-L 115200 ttyS1 vt100" "$GT/started" ||
		{ echo "FAIL: getty's arguments"; gt_evidence; return 1; }
	gt_never "no getty on ttyS0: no device node, UART unknown" 2 gt_is ttyS0 1 || return 1
	ln -s /dev/null "$GT/dev/ttyS0"
	gt_never "no getty on ttyS0: its device node exists but its UART is unknown (B before the handover)" 2 gt_is ttyS0 1 || return 1

	gt_serial 16550A 000003F8
	gt_wait "a getty on ttyS0 once the port has a UART (B registered it)" 2 gt_is ttyS0 1 || return 1
	grep -q "tk-gettys: getty on ttyS0" "$GT/log" ||
		{ echo "FAIL: the log does not say it started ttyS0's getty"; gt_evidence; return 1; }

	g=$(cat "$GT/run/ttyS1.getty")
	kill "$g"
	gt_wait "the getty on ttyS1 is respawned after it ended (a logout)" 3 gt_is ttyS1 2 || return 1

	gt_serial unknown
	g=$(cat "$GT/run/ttyS0.getty")
	kill "$g"
	gt_never "no new getty on ttyS0 while the port has no UART again" 2 gt_is ttyS0 2 || return 1
	gt_alive ttyS0 || { echo "FAIL: ttyS0's loop ended"; return 1; }

	out=$(gt ttyS1)
	[ -z "$out" ] || { echo "FAIL: a second 'tk-gettys ttyS1' started something: $out"; return 1; }
	gt_never "a second 'tk-gettys ttyS1' adds no getty" 1 gt_is ttyS1 3 || return 1

	out=$(gt eth0 2>&1) && rc=0 || rc=$?
	if [ "$rc" != 2 ] || ! grep -q "not a serial port" <<<"$out"; then
		echo "FAIL: tk-gettys eth0: status $rc, $out"; return 1
	fi
	echo "ok: tk-gettys eth0 refused: $out"

	g=$(cat "$GT/run/ttyS1.getty")
	l0=$(cat "$GT/run/ttyS0.pid") l1=$(cat "$GT/run/ttyS1.pid")
	gt_runs "$l0" && gt_runs "$l1" || { echo "FAIL: a loop is not running before --stop"; return 1; }
	out=$(gt --stop)
	echo "tk-gettys --stop says: $(echo "$out" | tr '\n' ' ')"
	gt_wait "--stop ends both loops" 3 eval "! gt_runs $l0 && ! gt_runs $l1" || return 1
	gt_wait "--stop ends ttyS1's getty" 3 eval "! gt_runs $g" || return 1
	[ -z "$(ls "$GT/run")" ] || { echo "FAIL: left in the run folder: $(ls "$GT/run")"; return 1; }
	gt_never "no getty starts after --stop" 1 gt_is ttyS1 3 || return 1
}

# gt_cleanup: end the loops and every fake getty, by their PIDs.
gt_cleanup() {
	local p
	for p in $(cat "$GT"/run/*.pid "$GT/pids" 2>/dev/null); do
		kill "$p" 2>/dev/null
	done
	true
}

test_main() {
	local rc
	GT=$T_DIR/gettys
	rm -rf "$GT"
	mkdir -p "$GT"
	trap 'gt_cleanup; vm_stop' EXIT
	gt_test
	rc=$?
	gt_cleanup
	return $rc
}
