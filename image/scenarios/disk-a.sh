# Scenario "disk-a" (kernel A booted from the Debian disk image): the root
# filesystem, the Debian userland and the files install-kernel-to-img.sh put
# there. Prints "TK-SUM FILE SHA256" for the host to compare with out/.
. /etc/tk/lib.sh
tk_plan 12
root_ok() {
	findmnt -n -o SOURCE,FSTYPE,OPTIONS /
	findmnt -n -o SOURCE / | grep -qE '^/dev/(sda|vda)$' &&
		findmnt -n -o FSTYPE / | grep -qx ext4 &&
		findmnt -n -o OPTIONS / | grep -qE '(^|,)rw(,|$)'
}
tk_check "root is the disk (/dev/sda or /dev/vda), ext4, read-write" root_ok
tk_check "no initramfs: /init absent" test ! -e /init
tk_check "Debian 12 userland" grep -q '^12\.' /etc/debian_version
init_ok() {
	readlink /proc/1/exe
	dpkg-query -W -f '${Status}\n' sysvinit-core | grep -q 'install ok installed' &&
		! dpkg-query -W systemd >/dev/null 2>&1
}
tk_check "init is sysvinit, no systemd" init_ok
tk_check "kernel A (-tk-a)" sh -c 'uname -r | grep -q -- "-tk-a$"'
lspci_ok() {
	lspci -nn
	lspci -n | grep -q '^00:03.0 0200: 8086:100e'
}
tk_check "lspci lists A's e1000 at 00:03.0" lspci_ok
tk_check "kexec-tools' kexec runs" kexec --version
tk_check "file locks work (flock)" flock /tmp/tk-lock true
# dpkg's and apt's own locks (/var/lib/dpkg/lock*): the package tools run.
tk_check_shown "dpkg --audit and apt-get check run" sh -c 'dpkg --audit && apt-get check'
tk_check "iproute2 sees A's NIC" sh -c 'ip -o link show | grep -q "eth0"'
files_ok() {
	for f in /boot/bzImage /boot/bzImage-b /boot/initramfs-b.cpio.gz /usr/sbin/tkctl; do
		[ -s "$f" ] || { echo "missing $f"; return 1; }
		echo "TK-SUM $f $(sha256sum < "$f" | cut -d' ' -f1)"
	done
}
tk_check "install-kernel-to-img.sh's files are there" files_ok
files_ok | grep TK-SUM
tk_check "the installed tkctl runs" tkctl --help
tk_done
