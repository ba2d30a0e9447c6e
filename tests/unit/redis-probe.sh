DESC="redis-probe: cmocka tests under ASan+UBSan (RESP replies cut anywhere, bad bytes, numbers, lengths and sizes refused; the values' checksum; percentiles and gaps; lost writes, changed bytes, a moved counter and lost requests resolved, against a Redis in memory), then the probe (ASan+UBSan) against a real redis-server on the host: a 2 s run with its checks, log and status; a 300 ms SIGSTOP is a gap and no failure; a counter moved or values overwritten behind its back fail it; a killed server is fatal without --reconnect, and with it the lost request is counted and the probe reconnects to the restarted server (also after a timeout) with every check right"

# field LINE KEY: the value of KEY=VALUE in LINE.
field() { tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p"; }

# start_server [same]: redis-server in $SRV_DIR on a free port (the same
# one again with "same"), append-only and fsynced before every reply, so
# what it acknowledged outlives a SIGKILL. Its PID in SRV.
start_server() {
	local try i
	for try in 1 2 3 4 5 6 7 8; do
		[ "${1:-}" = same ] || PORT=$((20000 + RANDOM % 40000))
		redis-server --port "$PORT" --bind 127.0.0.1 --dir "$SRV_DIR" \
			--save '' --appendonly yes --appendfsync always \
			--logfile "$SRV_DIR/redis.log" --daemonize no &
		SRV=$!
		for i in $(seq 1 100); do
			# Ours, not another server on that port: its own PID.
			[ "$(redis-cli -p "$PORT" info server 2>/dev/null |
				sed -n 's/^process_id:\([0-9]*\).*/\1/p')" = "$SRV" ] && return 0
			kill -0 "$SRV" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$SRV" 2>/dev/null; wait "$SRV" 2>/dev/null
		[ "${1:-}" = same ] && [ "$try" -ge 3 ] && break
	done
	echo "redis-server did not start (port $PORT):"; tail -5 "$SRV_DIR/redis.log"
	return 1
}

kill_server() {
	kill -KILL "$SRV" 2>/dev/null; wait "$SRV" 2>/dev/null
	SRV=
}

# probe NAME ARGS...: run the probe in the background, stdout in
# $T_DIR/NAME.out, stderr in NAME.err; its PID in PROBE.
probe() {
	local name=$1; shift
	"$RP" "$@" > "$T_DIR/$name.out" 2> "$T_DIR/$name.err" &
	PROBE=$!
	PNAME=$name
}

# finished WANT: wait for the probe, expect exit status WANT; its summary
# line in SUM, its last check line in CHECK.
finished() {
	local rc
	wait "$PROBE"; rc=$?
	PROBE=
	SUM=$(grep '^summary:' "$T_DIR/$PNAME.out")
	CHECK=$(grep '^check:' "$T_DIR/$PNAME.out" | tail -1)
	if [ "$rc" -ne "$1" ]; then
		echo "$PNAME: the probe exited $rc, expected $1; stdout, stderr:"
		sed 's/^/    /' "$T_DIR/$PNAME.out" "$T_DIR/$PNAME.err"
		return 1
	fi
}

# expect WHAT CONDITION: a named check of the last run; CONDITION is
# shell code (eval).
expect() {
	eval "$2" && return 0
	echo "$PNAME: expected $1; stdout, stderr:"
	sed 's/^/    /' "$T_DIR/$PNAME.out" "$T_DIR/$PNAME.err"
	return 1
}

says() { grep -qE -- "$1" "$T_DIR/$PNAME.${2:-err}"; }
is() { [ "$(field "$SUM" "$1")" = "$2" ]; }
num() { awk -v a="$(field "$SUM" "$1")" -v b="$3" "BEGIN { exit !(a $2 b) }"; }

cli_checks() {
	local out rc closed
	out=$("$RP" --help); rc=$?
	[ "$rc" = 0 ] && grep -q '^Usage: redis-probe \[options\] HOST PORT' <<<"$out" ||
		{ echo "--help: exit $rc: $out"; return 1; }
	for args in "" "--bogus 127.0.0.1 1" "-x 127.0.0.1 1" "--interval x 127.0.0.1 1" \
		"--timeout 0 127.0.0.1 1" "--duration -1 127.0.0.1 1" "127.0.0.1 0" \
		"127.0.0.1 1 extra" "--log"; do
		# shellcheck disable=SC2086
		out=$("$RP" $args 2>&1 >/dev/null); rc=$?
		[ "$rc" = 2 ] && grep -q '^Usage:' <<<"$out" ||
			{ echo "'$args': exit $rc, expected 2 and the usage: $out"; return 1; }
	done
	out=$("$RP" --bogus 1 2 2>&1); grep -q "^redis-probe: unknown option '--bogus'" <<<"$out" ||
		{ echo "--bogus: $out"; return 1; }
	# A port nothing listens on: exit 1, the error said.
	for closed in $(seq $((PORT + 1)) $((PORT + 20))); do
		(exec 3<>"/dev/tcp/127.0.0.1/$closed") 2>/dev/null || break
	done
	out=$("$RP" --duration 1 127.0.0.1 "$closed" 2>&1); rc=$?
	[ "$rc" = 1 ] && grep -qx "redis-probe: connect to 127.0.0.1:$closed: Connection refused" <<<"$out" ||
		{ echo "closed port: exit $rc: $out"; return 1; }
}

# 2 s against a faithful server: everything answered and right.
plain_run() {
	local n counter op k
	probe plain --duration 2 --check-at-start --log "$T_DIR/plain.log" \
		--status "$T_DIR/plain.status" 127.0.0.1 "$PORT"
	finished 0 || return 1
	expect "two checks, ok" \
		'[ "$(grep -c "^check: .* verdict=ok$" "$T_DIR/plain.out")" = 2 ]' || return 1
	expect "the server's PID in the check" '[ "$(field "$CHECK" server_pid)" = "$SRV" ]' || return 1
	expect "counter = acked_incr" \
		'[ "$(field "$CHECK" counter)" = "$(field "$CHECK" acked_incr)" ]' || return 1
	counter=$(redis-cli -p "$PORT" get tk:counter)
	expect "the server's tk:counter ($counter) as checked" \
		'[ "$(field "$CHECK" counter)" = "$counter" ]' || return 1
	n=$(field "$CHECK" values)
	expect "values N/N, N > 0" '[ "${n%/*}" = "${n#*/}" ] && [ "${n%/*}" -gt 0 ]' || return 1
	expect "no failure, every request answered" 'is failures 0 && is reconnects 0 &&
		[ "$(field "$SUM" requests)" = "$(field "$SUM" replies)" ]' || return 1
	expect "counter_ok=yes values_ok=yes" 'is counter_ok yes && is values_ok yes' || return 1
	# Every 5 ms at most: 400 in 2 s, the reset and two checks of 3.
	expect "100..410 requests" 'num requests ">=" 100 && num requests "<=" 410' || return 1
	expect "nothing on stderr" '[ ! -s "$T_DIR/plain.err" ]' || return 1
	# The log: a line per reply, times in order, the three ops.
	n=$(awk 'function abs(x) { return x < 0 ? -x : x }
		NF == 5 && $1 >= 0 && $2 >= $1 && $5 == "ok" &&
		abs($3 - ($2 - $1) * 1000) < 0.01' "$T_DIR/plain.log" | wc -l)
	expect "a log line per reply ($n)" '[ "$n" = "$(field "$SUM" replies)" ]' || return 1
	for op in INCR SET GET RESET MGET INFO CLIENT; do
		expect "$op in the log" 'grep -q " $op ok$" "$T_DIR/plain.log"' || return 1
	done
	for k in requests replies acked_incr failures reconnects max_gap_ms max_gap_at_s \
		last_reply_s connected_since_s; do
		expect "$k in the status file" 'grep -qE "^$k=-?[0-9.]+$" "$T_DIR/plain.status"' || return 1
	done
	expect "the status file's final figures" \
		'grep -qx "requests=$(field "$SUM" requests)" "$T_DIR/plain.status"' || return 1
	expect "no status temporary left" '[ ! -e "$T_DIR/plain.status.tmp" ]' || return 1
	echo "plain: $SUM"
}

# The server stopped for 300 ms: a gap, no failure; SIGUSR1 and SIGTERM.
freeze_run() {
	probe freeze --status "$T_DIR/freeze.status" 127.0.0.1 "$PORT"
	sleep 1
	kill -STOP "$SRV"; sleep 0.3; kill -CONT "$SRV"
	sleep 0.5
	kill -USR1 "$PROBE"; sleep 0.5
	kill -TERM "$PROBE"
	finished 0 || return 1
	expect "a check at SIGUSR1 and a final one, ok" \
		'[ "$(grep -c "^check: .* verdict=ok$" "$T_DIR/freeze.out")" = 2 ]' || return 1
	expect "max_gap_ms >= 300, < 5000" 'num max_gap_ms ">=" 300 && num max_gap_ms "<" 5000' || return 1
	expect "the gap from 0.9..2 s" 'num at_s ">=" 0.9 && num at_s "<" 2' || return 1
	expect "no failure" 'is failures 0 && is reconnects 0' || return 1
	expect "max_latency_ms >= 250" 'num max_latency_ms ">=" 250' || return 1
	expect "the gap in the status file" \
		'grep -qE "^max_gap_ms=(2[5-9][0-9]|[3-9][0-9]{2}|[0-9]{4})\." "$T_DIR/freeze.status"' || return 1
	echo "freeze: $SUM"
}

# Someone else's INCR: the next INCR's reply is not the one expected.
counter_moved() {
	probe moved --duration 2 127.0.0.1 "$PORT"
	sleep 1
	redis-cli -p "$PORT" incr tk:counter >/dev/null
	finished 1 || return 1
	expect "counter jumped" 'says "INCR: counter jumped: "' || return 1
	expect "counter_ok=no values_ok=yes" 'is counter_ok no && is values_ok yes' || return 1
}

# Every key overwritten: the GETs and the final check see it.
values_overwritten() {
	local args=() k
	probe overwritten --duration 3 127.0.0.1 "$PORT"
	sleep 1.5
	for k in $(seq 0 63); do args+=("tk:v:$k" "junk$k"); done
	redis-cli -p "$PORT" mset "${args[@]}" >/dev/null
	finished 1 || return 1
	expect "a corrupt value said" 'says "GET tk:v:[0-9]+: corrupt value"' || return 1
	expect "values_ok=no counter_ok=yes" 'is values_ok no && is counter_ok yes' || return 1
}

# Without --reconnect a lost connection ends the probe: exit 1, said.
fatal_loss() {
	probe fatal 127.0.0.1 "$PORT"
	sleep 1
	kill_server
	finished 1 || return 1
	expect "the loss said" \
		'says "^redis-probe: connection lost: .* \(after [0-9]+ requests, [0-9]+ replies\)$"' || return 1
	expect "a summary, counter_ok=no" 'is counter_ok no' || return 1
	start_server same || return 1
}

# --reconnect: the server stopped with a request in flight, killed and
# restarted on its append-only file.
reconnect_run() {
	local op
	probe reconnect --reconnect --duration 4 --log "$T_DIR/reconnect.log" 127.0.0.1 "$PORT"
	sleep 1
	kill -STOP "$SRV"; sleep 0.2
	kill_server
	sleep 0.3
	start_server same || return 1
	finished 0 || return 1
	expect "one reconnect, one failed request (the one in flight)" 'is reconnects 1 &&
		is failures 1 && [ "$(field "$SUM" requests)" = $(($(field "$SUM" replies) + 1)) ]' || return 1
	expect "counter_ok=yes values_ok=yes" 'is counter_ok yes && is values_ok yes' || return 1
	expect "the final check ok, on the new server" \
		'[ "$(field "$CHECK" server_pid)" = "$SRV" ] && grep -q "verdict=ok$" <<<"$CHECK"' || return 1
	expect "the loss and the reconnect said" \
		'says "connection lost: .*; reconnecting" && says "reconnected \(client id [0-9]+\)"' || return 1
	expect "one fail line in the log" '[ "$(grep -c " fail$" "$T_DIR/reconnect.log")" = 1 ]' || return 1
	# A lost INCR or SET is read back after the reconnect; a GET is not.
	op=$(awk '$5 == "fail" { print $4 }' "$T_DIR/reconnect.log")
	case $op in
	INCR|SET) expect "the lost $op resolved (log)" \
		'grep -A1 " fail$" "$T_DIR/reconnect.log" | grep -q " RESOLVE ok$"' || return 1 ;;
	*) expect "no resolution of a lost $op (log)" '! grep -q RESOLVE "$T_DIR/reconnect.log"' || return 1 ;;
	esac
	expect "max_gap_ms >= 500" 'num max_gap_ms ">=" 500' || return 1
	echo "reconnect: $SUM"
}

# --reconnect --timeout 300: a server stopped for 1 s times the request
# out; it may run it late, on the connection the probe gave up.
timeout_run() {
	probe timeout --reconnect --timeout 300 --duration 3 127.0.0.1 "$PORT"
	sleep 1
	kill -STOP "$SRV"; sleep 1; kill -CONT "$SRV"
	finished 0 || return 1
	expect "the timeout said" 'says "no reply for 300 ms; reconnecting"' || return 1
	expect "failures >= 1, reconnects >= 1" 'num failures ">=" 1 && num reconnects ">=" 1' || return 1
	expect "counter_ok=yes values_ok=yes" 'is counter_ok yes && is values_ok yes' || return 1
	echo "timeout: $SUM"
}

test_main() {
	local step
	SRV= PROBE=
	trap '[ -z "$PROBE" ] || kill -KILL "$PROBE" 2>/dev/null; [ -z "$SRV" ] || kill -KILL "$SRV" 2>/dev/null; vm_stop' EXIT
	make -s -C "$TOP/tools/redis-probe" test san BUILD="$TOP/build/redis-probe" || return 1
	RP=$TOP/build/redis-probe/redis-probe-san
	command -v redis-server >/dev/null && command -v redis-cli >/dev/null ||
		{ echo "missing redis-server or redis-cli: run 'make deps' as root"; return 1; }
	SRV_DIR=$T_DIR/redis
	rm -rf "$SRV_DIR"; mkdir -p "$SRV_DIR"
	start_server || return 1
	for step in cli_checks plain_run freeze_run counter_moved values_overwritten \
		fatal_loss reconnect_run timeout_run; do
		"$step" || { echo "FAILED: $step"; return 1; }
	done
	kill_server
}
