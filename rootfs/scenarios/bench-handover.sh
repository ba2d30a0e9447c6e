# Scenario "bench-handover" (kernel A on q35, 4 CPUs, 2 GiB, twinkernel=256M,
# the virtio NIC at 00:04.0 forwarded from the host, a virtio disk): A
# serves the host on its NIC, boots B beside it, then hands B the machine.
# tkctl prints each phase's time; the host times the markers and its probe
# (bench/run). B runs bench-handover-b.
. /etc/tk/lib.sh
mkdir -p /tmp/www && echo "TK-SERVER A" > /tmp/www/index.html
ip link set lo up && ip link set eth0 up &&
	udhcpc -i eth0 -n -q -t 5 -s /usr/share/udhcpc/default.script >/dev/null &&
	httpd -p 80 -h /tmp/www || exit 1
tkctl load --kernel /boot/bzImage-b --initrd /boot/initramfs-b.cpio.gz \
	--cmdline "console=ttyS1,115200 tk.role=B tk.test=bench-handover-b tk.end=hold" \
	--cpu 3 || exit 1
tkctl start && tk_wait_b_running && tk_wait_chan_up || exit 1
sleep 3
echo "TK-HO-START"
tkctl handover --leave 00:1f.3
