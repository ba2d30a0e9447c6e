# Scenario "stress" (kernel A): load B once (scenario stress-b), then
# tk.cycles= (default 20) times: start it ("tkctl start" the first time,
# "tkctl restart" after), ask it over the channel to end a random way
# (panic, oops, reboot, poweroff, halt) a random 0-10 s after it got the
# order, and check each cycle: B's init ran (its scenario confirmed the
# order) and A reports the end asked for, with its reason. Then B runs,
# "tkctl stop", unload, and CPU 1 back in A. Prints the figures.
. /etc/tk/scenarios/chan-lib.sh
B=/boot/bzImage-b
I=/boot/initramfs-b.cpio.gz
cycles=${TK_CYCLES:-20}
rand() { echo $(( $(od -An -N2 -tu2 /dev/urandom) % $1 )); }
state() { cat /sys/kernel/twin/state; }
reason() { cat /sys/kernel/twin/reason; }
wait_end() {
	n=0
	while :; do
		case $(state) in stopped|crashed) return 0 ;; esac
		[ $n -ge 600 ] && return 1
		sleep 0.1; n=$((n + 1))
	done
}
memfree() { awk '/^MemFree/ { print $2 }' /proc/meminfo; }
# What A must say after each kind of end: state and reason (the reasons
# of kernel/twin/core.c; a panic's carries B's panic message).
expect_end() {
	case $1 in
	panic) echo "crashed|panic: sysrq triggered crash" ;;
	oops) echo "crashed|panic: Fatal exception" ;;
	reboot) echo "stopped|reboot" ;;
	poweroff) echo "stopped|power off" ;;
	halt) echo "stopped|halt" ;;
	esac
}
# boot_b I KIND DELAY: start B (restart after the first cycle), and have
# its scenario, run by its /init, confirm the order "end I KIND DELAY".
boot_b() {
	if [ "$1" = 1 ]; then
		tkctl start > /dev/null || { echo "tkctl start failed"; return 1; }
	else
		tkctl restart > /dev/null || { echo "tkctl restart failed"; return 1; }
	fi
	chan_wait_up 120 > /dev/null || {
		echo "the channel did not come up (state $(state), b_state $(cat /sys/kernel/twin/b_state))"
		return 1
	}
	tkctl send "end $1 $2 $3" || { echo "cannot send the order to B"; return 1; }
	m=$(tkctl recv -n 1 --timeout 120 2>&1)
	[ "$m" = "ending $1 $2 $3" ] || {
		echo "B's init did not confirm the order (got: $m)"; return 1; }
}
# cycle I KIND DELAY: one start and end; says what went wrong.
cycle() {
	boot_b "$@" || return 1
	wait_end || { echo "B did not end within 60 s (state $(state))"; return 1; }
	want=$(expect_end "$2")
	[ "$(state)" = "${want%%|*}" ] && [ "$(reason)" = "${want#*|}" ] || {
		echo "A says $(state) ($(reason)), expected ${want%%|*} (${want#*|})"
		return 1
	}
}

sleep 2
free_before=$(memfree)
passed=0
tkctl load --kernel $B --initrd $I --pci 00:04.0 --cmdline \
	"console=ttyS1,115200 tk.role=B oops=panic tk.test=stress-b" > /dev/null ||
	echo "TK-STRESS-LOAD FAILED"
for i in $(seq 1 "$cycles"); do
	set -- panic oops reboot poweroff halt
	shift "$(rand 5)"
	kind=$1 delay=$(rand 11)
	if out=$(cycle "$i" "$kind" "$delay"); then
		passed=$((passed + 1))
		echo "TK-STRESS-CYCLE $i $kind after ${delay}s: ok, $(state) ($(reason))"
	else
		echo "TK-STRESS-CYCLE $i $kind after ${delay}s: FAILED: $out"
	fi
done
# The same image once more, left running: a clean stop, then the CPU is A's.
back=no
if out=$(boot_b $((cycles + 1)) none 0) && tkctl stop > /dev/null &&
   tkctl unload > /dev/null && echo 1 > /sys/devices/system/cpu/cpu1/online &&
   taskset -c 1 true; then
	back=yes
else
	echo "TK-STRESS-END FAILED: ${out:-stop, unload or online failed}, state $(state)"
fi
sleep 2
free_after=$(memfree)
warnings=$(dmesg | grep -ciE "warning:|bug:|oops|call trace")
echo "TK-STRESS-RESULT cycles=$cycles passed=$passed cpu_back=$back memfree_before=$free_before memfree_after=$free_after dmesg_warnings=$warnings"
