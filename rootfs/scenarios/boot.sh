# Scenario "boot": the kernel came up with the expected basics.
. /etc/tk/lib.sh
tk_plan 4
tk_check "proc and sys are mounted" test -r /proc/cpuinfo -a -d /sys/devices/system/cpu
tk_check "console device exists" test -c /dev/console
tk_check "tkctl runs" tkctl --version
tk_check "kexec runs" kexec --version
tk_done
