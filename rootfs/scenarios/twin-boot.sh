# Scenario "twin-boot" (kernel A): load B, start it on CPU 1 with the
# virtio-net NIC at 00:04.0, check A's side while B runs for 30 s.
. /etc/tk/lib.sh
B_CMDLINE="console=ttyS1,115200 earlyprintk=serial,ttyS1,115200 tk.role=B tk.heartbeat=100 tk.test=${TK_B_TEST:-twin-b}"

hb() { tkctl status --json | sed -n 's/.*"b_heartbeat":\([0-9]*\).*/\1/p'; }

tk_plan 11
tk_check "twin memory reserved in /proc/iomem" grep -q "Twin kernel" /proc/iomem
tk_check "tkctl load" tkctl load --kernel /boot/bzImage-b \
	--initrd /boot/initramfs-b.cpio.gz --cmdline "$B_CMDLINE" --pci 00:04.0
tk_check "tkctl status says loaded on CPU 1" sh -c \
	'tkctl status | grep -q "state: *loaded" && tkctl status | grep -q "cpu: *1"'
tk_check "tkctl start" tkctl start
echo "TK-B-STARTED"
tk_check "CPU 1 is offline in A" grep -qx 0 /sys/devices/system/cpu/cpu1/online
online_busy() {
	out=$(sh -c 'echo 1 > /sys/devices/system/cpu/cpu1/online' 2>&1)
	echo "$out"
	echo "$out" | grep -qi busy && grep -qx 0 /sys/devices/system/cpu/cpu1/online
}
tk_check "onlining CPU 1 fails with EBUSY" online_busy
tk_check "A's PCI view excludes B's NIC" sh -c '! grep -qx 0x1af4 /sys/bus/pci/devices/*/vendor'
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
sleep 30
echo "TK-WINDOW-END"
after=$(hb)
tk_ok "B's heartbeat in shared memory advanced ($before -> $after)" \
	"$([ -n "$before" ] && [ "${after:-0}" -gt $((before + 200)) ]; echo $?)"
tk_check "tkctl status --json says running" sh -c 'tkctl status --json | grep -q "\"state\":\"running\""'
tkctl status
tk_done
