# Scenario "demo" (kernel A): the whole twin flow, step by step, with both
# consoles on screen. A boots with twinkernel=256M pci_dev_flags=1af4:1000:b.
step() { echo; echo "== $*"; sleep 1; }
B_CMDLINE="console=ttyS1,115200 earlyprintk=serial,ttyS1,115200 tk.role=B tk.test=demo-b"

step "kernel A: $(uname -r), CPUs online $(cat /sys/devices/system/cpu/online)"
grep -E 'MemTotal' /proc/meminfo
grep "Twin kernel" /proc/iomem
step "A's PCI devices (B's virtio-net NIC 00:04.0 is not among them)"
for d in /sys/bus/pci/devices/*; do
	echo "  ${d##*/} $(cut -c3- "$d/vendor"):$(cut -c3- "$d/device")"
done
step "tkctl load --kernel /boot/bzImage-b --initrd /boot/initramfs-b.cpio.gz --pci 00:04.0"
tkctl load --kernel /boot/bzImage-b --initrd /boot/initramfs-b.cpio.gz \
	--cmdline "$B_CMDLINE" --pci 00:04.0
tkctl status
step "tkctl start: CPU 1 leaves A and boots B (watch [B])"
tkctl start
# B's userland comes up at its own pace (B is the debug build): wait for
# its channel rather than for a fixed time.
n=0
until [ "$(cat /sys/kernel/twin/channel/state)" = up ] || [ $n -ge 600 ]; do
	sleep 0.1; n=$((n + 1))
done
step "A runs on: CPUs online $(cat /sys/devices/system/cpu/online); CPU 1 cannot come back while B has it"
echo 1 > /sys/devices/system/cpu/cpu1/online
step "the channel: tkctl ping, answered by B's kernel"
tkctl ping -c 3 -i 200
step "a message to B (B prints it) and twin0, Ethernet over the channel"
tkctl send "hello B, this is A ($(uname -r))"
ip addr add 10.99.0.1/24 dev twin0 && ip link set twin0 up
n=0
until ping -c 1 -W 1 10.99.0.2 > /dev/null 2>&1 || [ $n -ge 30 ]; do n=$((n + 1)); done
ping -c 3 10.99.0.2
step "tkctl status (B reports through the shared page)"
tkctl status
sleep 2
tkctl status --json
step "done; powering off (A's end ends B too)"
