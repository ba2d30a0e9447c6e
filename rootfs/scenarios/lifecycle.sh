# Scenario "lifecycle" (kernel A): B ends in every way it can; A notices,
# says why and when, shows B's last words, and boots B again; then a clean
# stop, unload, and the CPU is A's again. Bad requests are refused.
. /etc/tk/lib.sh
. /etc/tk/scenarios/chan-lib.sh
B=/boot/bzImage-b
I=/boot/initramfs-b.cpio.gz
cycles=${TK_CYCLES:-5}

load() {
	tkctl load --kernel $B --initrd $I --pci 00:04.0 \
		--cmdline "console=ttyS1,115200 tk.role=B tk.heartbeat=100 oops=panic $*"
}
start_kind() { load tk.test=crash "tk.crash=$1" tk.crash_after=3 && tkctl start; }
# restart: B boots to its init again, then ends the same way again.
restart_kind() { tkctl restart && tk_wait_b_running && tk_wait_state "$1" 60; }
reason_has() { tkctl status; tkctl status | grep -q "^reason: *$1"; }
log_has() { tkctl log | tail -30 | grep -q "$1" || { tkctl log | tail -5; false; }; }
# expect CODE PATTERN COMMAND...: the exit status, the message, no state change.
expect() {
	code=$1 pattern=$2; shift 2
	before=$(cat /sys/kernel/twin/state)
	out=$("$@" 2>&1); rc=$?
	echo "exit $rc: $out"
	[ "$rc" = "$code" ] && echo "$out" | grep -qi -- "$pattern" &&
		[ "$before" = "$(cat /sys/kernel/twin/state)" ]
}
online_busy() {
	out=$(sh -c 'echo 1 > /sys/devices/system/cpu/cpu1/online' 2>&1)
	echo "$out"; echo "$out" | grep -qi busy
}
cycle() {
	tk_wait_state crashed 60 && tkctl restart && tk_wait_b_running
}
# B's init ran, in B's own words: its scenario (stress-b) answers an order
# to stay up over the channel. b_state says only that B's kernel finished
# booting, and B's /init comes seconds later.
b_init_ran() {
	tk_wait_b_running && chan_wait_up 120 && tkctl send "end 0 none 0" || return 1
	m=$(tkctl recv -n 1 --timeout 120)
	echo "B answered: $m"
	[ "$m" = "ending 0 none 0" ]
}

tk_plan $((2 + 6 * 5 + 1 + cycles + 11))
tk_check "restart with nothing loaded" expect 1 "no twin kernel is loaded" tkctl restart
tk_check "stop with nothing loaded" expect 1 "no twin kernel is loaded" tkctl stop

for spec in "panic:crashed:panic: sysrq triggered crash" \
	    "oops:crashed:panic: Fatal exception" \
	    "reboot:stopped:reboot" \
	    "poweroff:stopped:power off" \
	    "halt:stopped:halt"; do
	kind=${spec%%:*}; rest=${spec#*:}
	want=${rest%%:*}; words=${rest#*:}
	case $kind in
	panic|oops) last="Kernel panic - not syncing" ;;
	*) last="twin kernel stopped" ;;
	esac
	tk_check "$kind: load B and start it" start_kind "$kind"
	tk_check "$kind: A says $want" tk_wait_state "$want" 60
	tk_mark "TK-NOTICED $kind"
	tk_check "$kind: the reason is '$words'" reason_has "$words"
	tk_check "$kind: tkctl log shows B's last words ($last)" log_has "$last"
	tk_check "$kind: CPU 1 cannot be onlined while B holds it" online_busy
	tk_check "$kind: tkctl restart brings B back to its init" restart_kind "$want"
done

# Start, crash, restart: the same image boots to its init again each time.
load tk.test=crash tk.crash=panic tk.crash_after=2 >/dev/null
tk_check "cycles: start B (it panics 2 s after init)" tkctl start
for i in $(seq 1 "$cycles"); do
	tk_check "cycle $i: B crashed, tkctl restart brings it back to init" cycle
done

# A clean stop, then the CPU goes back to A.
tk_wait_state crashed 60 >/dev/null
tk_check "stop: load a B that keeps running and start it" sh -c \
	"tkctl load --kernel $B --initrd $I --pci 00:04.0 --cmdline 'console=ttyS1,115200 tk.role=B tk.test=stress-b' && tkctl start"
tk_check "stop: B reached init (its scenario answers over the channel)" b_init_ran
tk_check "unload while B runs" expect 1 "running" tkctl unload
tk_check "online CPU 1 while B runs" online_busy
tk_check "tkctl stop: B shuts down cleanly" tkctl stop --timeout 60
tk_check "stop: A says stopped, reason power off" reason_has "power off"
tk_check "stop: B ran its shutdown path" sh -c \
	"tkctl log | grep -q 'kernel A asked this twin to shut down' && tkctl log | tail -5 | grep -q 'reboot: Power down'"
tk_check "stop when B is not running" expect 1 "not running" tkctl stop
tk_check "tkctl unload" tkctl unload
tk_check "echo 1 > cpu1/online works again" sh -c 'echo 1 > /sys/devices/system/cpu/cpu1/online'
tk_check "A runs a task pinned to CPU 1" sh -c \
	"taskset -c 1 cat /proc/self/stat | awk '{ exit \$39 != 1 }'"
tk_done
