# Scenario "handover-faults-b" (kernel B of scenario "handover-faults"):
# follow A's orders on the channel (debugfs knobs for the failures) until
# the channel ends; then, if A retired, check that this kernel took the
# machine over, and power it off. A boots B several times: only the last
# one gets there.
. /etc/tk/lib.sh
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
D=/sys/kernel/debug/twin
while cmd=$(tkctl recv -n 1 --timeout 600); do
	case "$cmd" in
	NOCAPS) cat $D/caps > /tmp/caps && echo 0 > $D/caps ;;
	CAPS) cat /tmp/caps > $D/caps ;;
	CRASH-ON-ADOPT) echo 1 > $D/crash_on_adopt ;;
	REFUSE\ *) echo "${cmd#REFUSE }" > $D/refuse_adopt ;;
	UNREFUSE) echo 0xffffffff > $D/refuse_adopt ;;
	*) continue ;;
	esac && tkctl send "OK $cmd"
done
tk_plan 2
tk_check_shown "kernel A retired and this kernel took over" tk_wait_takeover
tk_check "four CPUs online" sh -c "[ \"\$(grep -c '^processor' /proc/cpuinfo)\" = 4 ]"
tk_done
(sleep 1; echo "TK-POWEROFF"; poweroff -f) &
