# Scenario "upgrade-hopN" (N = TK_HOP, set by upgrade-hop1.sh ...): run by
# Debian's init (tk-boot) in the kernel that "tkctl upgrade" just made the
# machine's, in a chain of TK_HOPS upgrades (e2e/upgrade-service-chain):
# another release than the kernel before (tk.prev), Debian's init is PID
# 1, redis-server is the process A had (tk.upgrade_pid) and answers, and
# its boot clock (the test compares it with the hop before). Then,
# unless this is the last hop, the next upgrade: the other build
# (/boot/bzImage after a -tk-b kernel, /boot/bzImage-b after a -tk-a one).
. /etc/tk/lib.sh
pid1() {	# Debian's sysvinit
	exe=$(readlink /proc/1/exe); echo "PID 1: $exe ($(cat /proc/1/comm))"
	[ "$exe" = /sbin/init ] || [ "$exe" = /usr/sbin/init ]
}
same_redis() {
	pid=$(cat /run/redis/redis-server.pid) || return 1
	echo "redis-server PID $pid (in A: $TK_UPGRADE_PID): $(cat /proc/$pid/comm)"
	[ "$(cat /proc/$pid/comm)" = redis-server ] && [ "$pid" = "$TK_UPGRADE_PID" ]
}
other_release() {
	echo "this kernel $(uname -r), the one before ${TK_PREV:-?}"
	[ -n "${TK_PREV:-}" ] && [ "$(uname -r)" != "$TK_PREV" ]
}
# Debian's getty, if this console has one (ttyS0), starts beside this scenario and
# flushes the port's output: wait for it, or a KTAP line may be lost.
tk_after_getty
tk_plan 6
tk_check_shown "another kernel than before" other_release
tk_check_shown "PID 1 is Debian's init" pid1
tk_check_shown "redis-server is the process A had" same_redis
tk_check "redis-server answers here" sh -c 'redis-cli ping | grep -qx PONG'
tk_check_shown "redis-server's boot clock" tk_service_clock "$TK_UPGRADE_PID"
# The service came back once the devices were here; A's last CPU and RAM
# come after it (and this kernel hosts the next twin only then).
tk_check_shown "the takeover is done (A's last CPU and RAM)" tk_wait_takeover
tk_done
[ "$TK_HOP" -lt "${TK_HOPS:-1}" ] || exit 0
case "$(uname -r)" in *-tk-b) next=/boot/bzImage ;; *) next=/boot/bzImage-b ;; esac
# Detached: this scenario ends first; the upgrade's output goes to the console.
setsid tkctl upgrade --kernel "$next" --service redis-server --cmdline \
	"tk.test=upgrade-hop$((TK_HOP + 1)) tk.hops=$TK_HOPS tk.upgrade_pid=$TK_UPGRADE_PID tk.prev=$(uname -r) tk.poweroff=0" \
	< /dev/null > /dev/console 2>&1 &
