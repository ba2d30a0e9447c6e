# Scenario "stress" (kernel A): tk.cycles= (default 20) times, boot B and
# end it a random way at a random moment 0-10 s after its init starts;
# then a clean stop, unload, and CPU 1 back in A. Prints the figures.
B=/boot/bzImage-b
I=/boot/initramfs-b.cpio.gz
cycles=${TK_CYCLES:-20}
rand() { echo $(( $(od -An -N2 -tu2 /dev/urandom) % $1 )); }
wait_end() {
	n=0
	while :; do
		case $(cat /sys/kernel/twin/state) in stopped|crashed) return 0 ;; esac
		[ $n -ge 600 ] && return 1
		sleep 0.1; n=$((n + 1))
	done
}
memfree() { awk '/^MemFree/ { print $2 }' /proc/meminfo; }

sleep 2
free_before=$(memfree)
passed=0
for i in $(seq 1 "$cycles"); do
	set -- panic oops reboot poweroff halt
	shift "$(rand 5)"
	kind=$1 delay=$(rand 11)
	if tkctl load --kernel $B --initrd $I --pci 00:04.0 --cmdline \
		"console=ttyS1,115200 tk.role=B oops=panic tk.test=crash tk.crash=$kind tk.crash_after=$delay" >/dev/null &&
	   tkctl start >/dev/null && wait_end; then
		passed=$((passed + 1))
		echo "TK-STRESS-CYCLE $i $kind after ${delay}s: $(cat /sys/kernel/twin/state) ($(cat /sys/kernel/twin/reason))"
	else
		echo "TK-STRESS-CYCLE $i $kind after ${delay}s: FAILED, state $(cat /sys/kernel/twin/state)"
	fi
done
tkctl load --kernel $B --initrd $I --pci 00:04.0 --cmdline "console=ttyS1,115200 tk.role=B" >/dev/null &&
	tkctl start >/dev/null && sleep 5 && tkctl stop >/dev/null && tkctl unload >/dev/null &&
	echo 1 > /sys/devices/system/cpu/cpu1/online && taskset -c 1 true && back=yes || back=no
sleep 2
free_after=$(memfree)
warnings=$(dmesg | grep -ciE "warning:|bug:|oops|call trace")
echo "TK-STRESS-RESULT cycles=$cycles passed=$passed cpu_back=$back memfree_before=$free_before memfree_after=$free_after dmesg_warnings=$warnings"
