# Scenario "seed-kexec" (kernel A): the seed's own commands with Debian's
# kexec-tools: load B as a crash kernel, then offline CPU 1 to start it.
# A boots with crashkernel=256M (not twinkernel=).
. /etc/tk/lib.sh
SEED_APPEND="console=ttyS1 twin_kernel nr_cpus=1 acpi_irq_nobalance no_ipi_broadcast=1 lapic_timer=1000000 rdinit=/init pci_dev_flags=0x8086:0x100e:b,0x8086:0x1237:b,0x8086:0x7000:b,0x8086:0x7010:b,0x8086:0x7113:b,0x1234:0x1111:b earlyprintk=serial,ttyS1,115200 tk.role=B tk.heartbeat=100 $(echo "${TK_B_ARGS:-}" | tr , " ")"
tk_plan 6
tk_check "crash kernel memory reserved" grep -q "Crash kernel" /proc/iomem
tk_check "kexec -p loads B" kexec -p /boot/bzImage-b \
	--initrd=/boot/initramfs-b.cpio.gz --append="$SEED_APPEND"
loaded=$tk_last
tk_check "echo 0 > /sys/devices/system/cpu/cpu1/online" \
	sh -c 'echo 0 > /sys/devices/system/cpu/cpu1/online'
# Offlining CPU 1 works without a crash image too: B started only if both did.
if [ "$loaded" = 0 ]; then
	tk_mark "TK-B-STARTED"
else
	tk_mark_failed "TK-B-STARTED" "kexec -p failed (test point 2)"
fi
tk_check "tkctl status: running on CPU 1" sh -c \
	'tkctl status | grep -q "state: *running" && tkctl status | grep -q "cpu: *1$"'
online_busy() {
	out=$(sh -c 'echo 1 > /sys/devices/system/cpu/cpu1/online' 2>&1)
	echo "$out"
	echo "$out" | grep -qi busy
}
tk_check "onlining CPU 1 fails with EBUSY" online_busy
unload_refused() {
	out=$(kexec -p -u 2>&1); rc=$?
	echo "exit $rc: $out"
	[ "$rc" -ne 0 ] && echo "$out" | grep -qi busy
}
tk_check "kdump cannot replace the running twin (kexec -p -u: busy)" unload_refused
# The window watches both kernels. B booted through the crash path
# writes no state in the shared page for A to wait on, and a debug B can
# take 20 s to reach its init on a loaded host: 40 s leave it 20 at least.
echo "TK-WINDOW-START"
sleep "${TK_WINDOW:-40}"
echo "TK-WINDOW-END"
tk_done
