# Scenario "cpu-hotplug": CPU 1 goes offline and comes back online in A,
# and a process can run on it again.
. /etc/tk/lib.sh
cpu=/sys/devices/system/cpu/cpu1/online
tk_plan 6
tk_check "cpu1 is online at boot" grep -qx 1 $cpu
tk_check "offline cpu1" sh -c "echo 0 > $cpu"
tk_check "cpu1 reported offline" sh -c "grep -qx 0 $cpu && grep -qx 0 /sys/devices/system/cpu/online"
tk_check "online cpu1" sh -c "echo 1 > $cpu"
tk_check "cpu1 back in the online mask" grep -qx 0-1 /sys/devices/system/cpu/online
# Field 39 of /proc/PID/stat is the CPU the task last ran on.
tk_check "a task pinned to cpu1 runs there" sh -c "taskset -c 1 cat /proc/self/stat | awk '{ exit \$39 != 1 }'"
tk_done
