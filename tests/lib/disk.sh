# Helpers of the disk tests (tests/e2e/disk-*.sh): kernel A booted from the
# Debian 12 image that "make image" builds.

DISK_IMAGE=${TK_IMAGE:-$TOP/out/debian-12.img}

# disk_present: the image exists, or say how to make it.
disk_present() {
	[ -f "$DISK_IMAGE" ] && return 0
	echo "missing disk image $DISK_IMAGE: run 'make image' as root"
	return 1
}

# disk_shell: root logs in on ttyS0 with the test password (agetty and
# login), and the shell runs what is typed. Types a command until its
# output (computed, so not the echo of the typing) shows, then checks the
# shell's prompt was printed.
disk_shell() {
	local i log; log=$(vm_log A)
	vm_login A root "$VM_PASSWORD" 180 || return 1
	for i in $(seq 1 20); do
		# shellcheck disable=SC2016 # expanded by A's shell
		vm_send 'echo TK-SHELL-$((6*7))'
		sleep 3
		grep -q 'TK-SHELL-42' "$log" && break
	done
	vm_wait A 'TK-SHELL-42' 1 || { echo "A's shell on ttyS0 never answered"; return 1; }
	vm_wait A 'root@tk-a:~# ' 1 || { echo "no root prompt on ttyS0"; return 1; }
}

# disk_lspci: lspci typed in A's shell lists the e1000 at 00:03.0.
disk_lspci() {
	local log; log=$(vm_log A)
	# shellcheck disable=SC2016 # expanded by A's shell
	vm_send 'lspci -n; echo TK-LSPCI-$((1+1))'
	vm_wait A 'TK-LSPCI-2' 30 || return 1
	if ! sed -n '/lspci -n; echo TK-LSPCI/,/TK-LSPCI-2/p' "$log" |
		grep -q ' 00:03.0 0200: 8086:100e'; then
		echo "lspci typed on ttyS0 did not list 00:03.0 8086:100e:"
		sed -n '/lspci -n; echo TK-LSPCI/,/TK-LSPCI-2/p' "$log" | sed 's/^/    /'
		return 1
	fi
	sed -n '/lspci -n; echo TK-LSPCI/,/TK-LSPCI-2/p' "$log" | sed 's/^/    /'
}

# disk_poweroff: "poweroff" typed in A's shell shuts Debian down cleanly
# (root remounted read-only) and QEMU exits.
disk_poweroff() {
	vm_send poweroff
	vm_wait A 'reboot: Power down' 90 || return 1
	vm_wait A 'EXT4-fs \([sv]da\): re-mounted .* ro' 1 || return 1
	local i
	for i in $(seq 1 50); do vm_alive || return 0; sleep 0.2; done
	echo "QEMU still runs after A powered off"
	return 1
}
