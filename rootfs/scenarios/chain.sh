# Scenario "chain" (e2e/upgrade-chain), sourced by chain-a.sh ... chain-d.sh
# with TK_LEVEL 0 to 3: the machine (q35, 4 CPUs, 2 GiB) runs A, then B, C
# and D, each taking it over from the one before with no reboot, the
# builds alternating (A and C: config a; B and D: config b). The disk (a
# tar archive: both kernels, the initramfs, their SHA-256) and the virtio
# NIC (the host reaches port 80 through hostfwd) move at every handover.
# Each kernel but A checks that it took over the whole machine; each but D
# loads the next from the disk and hands it the machine; D powers off.
. /etc/tk/lib.sh
LEVELS=abcd
ME=$(echo $LEVELS | cut -c$((TK_LEVEL + 1)))
NEXT=$(echo $LEVELS | cut -c$((TK_LEVEL + 2)))
K=/tmp/chain

cpus4() {
	echo "online: $(cat /sys/devices/system/cpu/online)"
	[ "$(grep -c '^processor' /proc/cpuinfo)" = 4 ]
}
memtotal() {	# at least 90% of the machine's 2 GiB
	kib=$(awk '/^MemTotal/ { print $2 }' /proc/meminfo)
	echo "MemTotal $kib kB"; [ "$kib" -ge $((2097152 * 90 / 100)) ]
}
release() {	# not the release of the kernel before (it said which)
	echo "this kernel: $(uname -r), the one before: ${BEFORE:-unknown}"
	[ -n "$BEFORE" ] && [ "$(uname -r)" != "$BEFORE" ]
}
disk() {	# the archive on the disk and its checksums
	rm -rf $K; mkdir -p $K && tar -xf /dev/vda -C $K &&
		(cd $K && sha256sum -c SHA256SUMS)
}
serve() {	# the host's probe sees this kernel through the NIC
	mkdir -p /tmp/www &&
	echo "TK-LEVEL $TK_LEVEL $(uname -r)" > /tmp/www/index.html &&
	ip link set lo up && ip link set eth0 up && udhcpc -i eth0 -n -q -t 5 \
		-s /usr/share/udhcpc/default.script >/dev/null &&
	httpd -p 80 -h /tmp/www && wget -q -O - http://127.0.0.1/
}
load_next() {	# config a after b, b after a; the console the next one gets
	build=b; [ $((TK_LEVEL % 2)) = 1 ] && build=a
	tty=$(( (TK_LEVEL + 1) % 2 ))
	cpu=$(($(grep -c '^processor' /proc/cpuinfo) - 1))
	tkctl load --kernel $K/bzImage-$build --initrd $K/initramfs.cpio.gz \
		--cmdline "console=ttyS$tty,115200 tk.role=B tk.heartbeat=100 tk.test=chain-$NEXT tk.end=hold" \
		--cpu $cpu
}

# The kernel before says its release on the channel, which ends with it.
[ "$TK_LEVEL" = 0 ] ||
	BEFORE=$(tkctl recv -n 1 --timeout 120 | sed -n 's/^BEFORE //p')
if [ "$TK_LEVEL" = 0 ]; then tk_plan 7; elif [ "$TK_LEVEL" = 3 ]; then tk_plan 6
else tk_plan 11; fi
if [ "$TK_LEVEL" != 0 ]; then
	tk_check_shown "kernel $ME took the machine over" tk_wait_takeover
	tk_check_shown "all four CPUs are online" cpus4
	tk_check_shown "MemTotal is at least 90% of the machine's RAM" memtotal
	tk_check_shown "the release changed" release
fi
tk_check_shown "the disk's archive reads back with its SHA-256" disk
tk_check_shown "the NIC serves the host (DHCP, httpd on port 80)" serve
if [ "$TK_LEVEL" != 3 ]; then
	tk_check "tkctl load kernel $NEXT (the other build)" load_next
	tk_check "tkctl start" tkctl start
	tk_check "$NEXT runs" tk_wait_b_running
	tk_check "the channel is up" tk_wait_chan_up
	tk_check "$NEXT is told this release" tkctl send "BEFORE $(uname -r)"
	tk_done
	leave=; [ "$TK_LEVEL" = 0 ] && leave="--leave 00:1f.3"
	(sleep 1; echo "TK-HANDOVER-START $ME"; tkctl handover $leave) &
else
	tk_done
	# Long enough for the host's probe to see this kernel serve.
	(sleep 5; echo "TK-POWEROFF"; poweroff -f) &
fi
