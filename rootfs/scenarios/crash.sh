# Scenario "crash" (kernel B): end this kernel the way tk.crash= says,
# tk.crash_after= seconds after init (default 1).
kind=${TK_CRASH:-panic}
sleep "${TK_CRASH_AFTER:-1}"
echo "TK-CRASH-NOW $kind"
sleep 0.2	# let the console show it
case "$kind" in
panic) echo c > /proc/sysrq-trigger ;;
oops)
	# A NULL pointer dereference in the kernel; oops=panic is on the command line.
	mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
	echo EXCEPTION > /sys/kernel/debug/provoke-crash/DIRECT ;;
reboot) reboot -f ;;
poweroff) poweroff -f ;;
halt) halt -f ;;
none) ;;
*) echo "unknown tk.crash=$kind" ;;
esac
