# Scenario "twin-boot" (kernel A): load B, start it, check A's side while
# B runs. From the command line: tk.cpu= (CPU to lend; default: tkctl's
# choice, the highest), tk.pci= (B's devices, default 00:04.0),
# tk.window= (seconds B runs under watch, default 30), tk.b_kernel=,
# tk.b_args= (more arguments for B, comma separated), tk.a_keeps= (a
# device A must still have).
. /etc/tk/lib.sh
pci=${TK_PCI:-00:04.0}
window=${TK_WINDOW:-30}
cpu_opt=${TK_CPU:+--cpu $TK_CPU}
B_CMDLINE="console=ttyS1,115200 earlyprintk=serial,ttyS1,115200 tk.role=B tk.heartbeat=100 tk.test=${TK_B_TEST:-twin-b} $(echo "${TK_B_ARGS:-}" | tr , " ")"
bkernel=${TK_B_KERNEL:-/boot/bzImage-b}
expect_cpu=${TK_CPU:-$(($(ls -d /sys/devices/system/cpu/cpu[0-9]* | wc -l) - 1))}

hb() { tkctl status --json | sed -n 's/.*"b_heartbeat":\([0-9]*\).*/\1/p'; }

plan=11
[ -n "${TK_A_KEEPS:-}" ] && plan=12
tk_plan $plan
tk_check "twin memory reserved in /proc/iomem" grep -q "Twin kernel" /proc/iomem
# shellcheck disable=SC2086
tk_check "tkctl load ($cpu_opt --pci $pci)" tkctl load --kernel "$bkernel" \
	--initrd /boot/initramfs-b.cpio.gz --cmdline "$B_CMDLINE" --pci "$pci" $cpu_opt
tk_check "tkctl status says loaded on CPU $expect_cpu" sh -c \
	"tkctl status | grep -q 'state: *loaded' && tkctl status | grep -q 'cpu: *$expect_cpu\$'"
tk_check "tkctl start" tkctl start
tk_mark "TK-B-STARTED"
online=/sys/devices/system/cpu/cpu$expect_cpu/online
tk_check "CPU $expect_cpu is offline in A" grep -qx 0 $online
online_busy() {
	# /bin/echo names the errno; the echo builtin of Debian's dash says only "I/O error".
	out=$(sh -c "/bin/echo 1 > $online" 2>&1)
	echo "$out"
	echo "$out" | grep -qi busy && grep -qx 0 $online
}
tk_check "onlining CPU $expect_cpu fails with EBUSY" online_busy
tk_check "A's PCI view excludes B's NIC ($pci)" sh -c "! ls /sys/bus/pci/devices | grep -q ':$pci\$'"
if [ -n "${TK_A_KEEPS:-}" ]; then
	tk_check "A keeps $TK_A_KEEPS" sh -c "ls /sys/bus/pci/devices | grep -q ':$TK_A_KEEPS\$'"
fi
tk_check "A's NIC gets an address by DHCP" udhcpc -i eth0 -n -q -t 5 \
	-s /usr/share/udhcpc/default.script
tk_check "A's NIC reaches the gateway" ping -c 3 -W 2 10.0.2.2
n=0
until tkctl status --json | grep -q '"b_state":"running"' || [ $n -ge 120 ]; do
	sleep 0.5; n=$((n + 1))
done
before=$(hb)
tkctl status
echo "TK-WINDOW-START"
sleep "$window"
echo "TK-WINDOW-END"
after=$(hb)
tk_ok "B's heartbeat in shared memory advanced ($before -> $after)" \
	"$([ -n "$before" ] && [ "${after:-0}" -gt $((before + window * 7)) ]; echo $?)"
tk_check "tkctl status --json says running" sh -c 'tkctl status --json | grep -q "\"state\":\"running\""'
tkctl status
tk_done
