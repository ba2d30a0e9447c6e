# Scenario "upgrade-b": run by Debian's init (tk-boot) in kernel B after
# "tkctl upgrade" in A restored redis-server here and switched to this
# system: Debian's init is PID 1, the release is B's, redis-server is the
# same process (the PID A's test printed, TK_UPGRADE_PID) and answers,
# and the network is A's; its boot clock, for the test to compare; "criu
# check --all" passes in B too; the takeover file refuses a late hold and
# an unknown word, and stays done.
. /etc/tk/lib.sh
pid1() {	# Debian's sysvinit, not the initramfs' shell
	exe=$(readlink /proc/1/exe); echo "PID 1: $exe ($(cat /proc/1/comm))"
	[ "$exe" = /sbin/init ] || [ "$exe" = /usr/sbin/init ]
}
same_redis() {	# the PID redis had in A, with its pid file
	pid=$(cat /run/redis/redis-server.pid) || return 1
	echo "redis-server PID $pid (in A: ${TK_UPGRADE_PID:-?}): $(cat /proc/$pid/comm)"
	[ "$(cat /proc/$pid/comm)" = redis-server ] &&
		{ [ -z "${TK_UPGRADE_PID:-}" ] || [ "$pid" = "$TK_UPGRADE_PID" ]; }
}
answers() { redis-cli ping | grep -qx PONG; }
# Debian's getty, if this console has one (ttyS0), starts beside this scenario and
# flushes the port's output: wait for it, or a KTAP line may be lost.
tk_after_getty
tk_plan 8
tk_check_shown "this is kernel B ($(uname -r))" sh -c 'uname -r | grep -q -- -tk-b'
tk_check_shown "PID 1 is Debian's init" pid1
tk_check_shown "redis-server is the process A had" same_redis
tk_check "redis-server answers here" answers
tk_check_shown "criu check --all passes, every kernel feature it checks is here" tk_criu_features
tk_check_shown "redis-server's boot clock" tk_service_clock "$(cat /run/redis/redis-server.pid)"
# The service came back once the devices were here; A's last CPU and RAM
# come after it (and this kernel hosts the next twin only then).
tk_check_shown "the takeover is done (A's last CPU and RAM)" tk_wait_takeover
takeover_refuses() {	# /bin/echo names the errno (dash's echo says only "I/O error")
	f=/sys/kernel/twin/takeover
	late=$(sh -c "/bin/echo hold > $f" 2>&1); echo "hold: $late"
	odd=$(sh -c "/bin/echo bogus > $f" 2>&1); echo "bogus: $odd"
	echo "$late" | grep -qi busy && echo "$odd" | grep -qi invalid &&
		grep -q '^done: ' $f
}
tk_check_shown "the takeover file refuses a hold after the takeover (EBUSY) and an unknown word (EINVAL); still done" takeover_refuses
tk_done
