# Helpers of the upgrade tests: the host's redis client (out/redis-probe),
# started as $PROBE with its output in $T_DIR/probe.out.

# probe_field LINE KEY: the value of KEY=... in a check or summary line.
probe_field() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }

# probe_check [PID OUT]: one check round of the client (SIGUSR1); prints
# its line. The client is $PROBE writing $T_DIR/probe.out, or PID writing
# OUT. Fails when the client is gone or printed no new line within 10 s.
probe_check() {
	local n before i pid=${1:-$PROBE} out=${2:-$T_DIR/probe.out}
	before=$(grep -c '^check:' "$out")
	kill -USR1 "$pid" 2>/dev/null || { echo "the client is gone"; return 1; }
	for i in $(seq 1 100); do
		n=$(grep -c '^check:' "$out")
		[ "$n" -gt "$before" ] && { grep '^check:' "$out" | tail -1; return 0; }
		sleep 0.1
	done
	echo "the client printed no check line"
	return 1
}

# service_clock CONSOLE: the last reading of the service's boot clock on
# CONSOLE (a scenario's tk_service_clock, shown as "# TK-SERVICE-CLOCK")
# as "HOST_S BOOTTIME_S", HOST_S being the line's time stamp (tkcon's:
# one zero for both consoles).
service_clock() {
	sed -n -E 's/^([0-9.]+) # TK-SERVICE-CLOCK pid=[0-9]+ boottime=([0-9.]+).*/\1 \2/p' \
		"$(vm_log "$1")" | tail -n 1
}

# service_held OLD NEW: host seconds the service was held in the last
# upgrade: from the end of its freeze (the "freeze" phase line on the old
# kernel's console OLD) to its restore ("service PID ... restored" on the
# new kernel's console NEW).
service_held() {
	local f r
	f=$(grep -a -E '^[0-9.]+ freeze +[0-9.]+ ms' "$(vm_log "$1")" | tail -n 1 | cut -d' ' -f1)
	r=$(grep -a -E '^[0-9.]+ tkctl upgrade-recv: service PID [0-9]+ restored' "$(vm_log "$2")" |
		tail -n 1 | cut -d' ' -f1)
	[ -n "$f" ] && [ -n "$r" ] || { echo "no freeze line on $1 or no restore line on $2" >&2; return 1; }
	awk -v f="$f" -v r="$r" 'BEGIN { printf "%.1f\n", r - f }'
}

# service_clock_went_on BEFORE AFTER HELD: between two readings
# (service_clock) the service's boot clock went on as the host's did, but
# for the HELD seconds of the upgrade (service_held), which criu's time
# namespace may leave out (it resumes the clocks where the dump left
# them; tkctl upgrade-recv's own one keeps them going): behind by at most
# HELD + 3 s, ahead by at most 3 s. A service left with the new kernel's
# own clocks is behind by the time between A's boot and the new kernel's.
service_clock_went_on() {
	[ -n "$1" ] && [ -n "$2" ] && [ -n "$3" ] ||
		{ echo "a reading of the service's boot clock is missing: before '$1', after '$2', held '$3'"; return 1; }
	awk -v a="$1" -v b="$2" -v held="$3" 'BEGIN {
		split(a, p, " "); split(b, q, " ")
		host = q[1] - p[1]; svc = q[2] - p[2]; d = svc - host
		printf "the service'\''s boot clock went %.1f s (%.1f -> %.1f s), the host'\''s %.1f s: %+.1f s (held %.1f s in the upgrade; allowed %+.1f to +3)\n",
			svc, p[2], q[2], host, d, held, -held - 3
		exit !(d >= -held - 3 && d <= 3)
	}'
}
