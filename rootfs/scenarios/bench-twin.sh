# Scenario "bench-twin" (kernel A): A's heartbeat for a while with no B,
# then start B and keep beating; the host times the markers.
window=${TK_WINDOW:-15}
sleep 2
echo "TK-BASE-START"
sleep "$window"
echo "TK-BASE-END"
tkctl load --kernel /boot/bzImage-b --initrd /boot/initramfs-b.cpio.gz \
	--cmdline "console=ttyS1,115200 tk.role=B tk.shell=0" --pci 00:04.0 || exit 1
echo "TK-BENCH-START"
tkctl start || exit 1
sleep "$window"
echo "TK-BENCH-END"
