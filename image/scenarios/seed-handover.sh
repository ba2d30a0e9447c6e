# Scenario "seed-handover" (kernel A booted from the Debian image on the
# seed's own machine: -M pc, the disk on IDE, A's e1000, B's virtio NIC,
# 2 CPUs, 2 GiB, twinkernel=256M, tk.poweroff=0): B boots beside A from
# the disk's /boot; A writes a file on its root file system and tells B
# its SHA-256; the plan moves no device and no CPU now (CPU 1 is B's
# already), and the IDE controller and the e1000 (INTx and ISA IRQs: they
# need the IOAPIC) when A retires. The test then types "tkctl handover",
# with no --leave, in A's shell (scenario seed-handover-b checks B's side;
# with tk.chain=1 B hands the machine on to C).
. /etc/tk/lib.sh
B_CMDLINE="console=ttyS1,115200 tk.role=B tk.heartbeat=100 tk.test=seed-handover-b tk.chain=${TK_CHAIN:-0}"
plan_ok() {	# nothing now; the IDE controller and the e1000 with the IOAPIC
	out=$(tkctl handover --dry-run); echo "$out"
	echo "$out" | grep -q "^plan: devices none; CPUs none; then CPU 0, the RAM, the IOAPIC and the devices .* when this kernel retires$" &&
		echo "$out" | grep -q "devices.* 0000:00:01.1" &&
		echo "$out" | grep -q "devices.* 0000:00:03.0"
}
write_file() {	# on A's root file system, through A's IDE disk
	head -c 1048576 /dev/urandom > /root/from-a && sync &&
		SUM=$(sha256sum < /root/from-a | cut -d" " -f1) && echo "sha256 $SUM"
}
tk_plan 6
tk_check "tkctl load (CPU 1, B's own NIC 00:04.0)" tkctl load --kernel /boot/bzImage-b \
	--initrd /boot/initramfs-b.cpio.gz --cmdline "$B_CMDLINE" --cpu 1 --pci 00:04.0
tk_check "tkctl start" tkctl start
tk_check "B runs" tk_wait_b_running
tk_check "the channel is up" tk_wait_chan_up
tk_check_shown "A wrote /root/from-a (1 MiB) on its root file system" write_file
SUM=$(sha256sum < /root/from-a | cut -d" " -f1)
tkctl send "SUM $SUM" >/dev/null
tk_check_shown "the plan: the IDE controller and the e1000 move with the IOAPIC" plan_ok
tk_done
