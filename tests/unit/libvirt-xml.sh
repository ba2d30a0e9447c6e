DESC="the libvirt domain XMLs (initramfs and disk variants) validate against libvirt's schema (virt-xml-validate) and boot A as qemu/run's twin flow does (twinkernel=256M pci_dev_flags=1af4:1000:b, A's initramfs with B in /boot, telnet consoles 4321/4322, type qemu); qemu/libvirt/install writes them with only their folder changed and says so when no daemon answers; qemu/libvirt/daemon refuses a folder too long for libvirt's sockets"

# xp FILE XPATH: the XPath's value in FILE.
xp() { xmllint --xpath "$2" "$1" 2>/dev/null; }

# has FILE WHAT VALUE WANT: say what is wrong when VALUE is not WANT.
has() {
	[ "$3" = "$4" ] && return 0
	echo "$(basename "$1"): $2 is '$3', expected '$4'"
	return 1
}

test_main() {
	local x d rc tmp cmdline
	for x in "$TOP"/qemu/libvirt/*.xml; do
		virt-xml-validate "$x" domain || return 1
		has "$x" "domain type" "$(xp "$x" 'string(/domain/@type)')" qemu || return 1
		has "$x" "ttyS0's telnet port" "$(xp "$x" 'string(/domain/devices/serial[target/@port="0"]/source/@service)')" 4321 || return 1
		has "$x" "ttyS1's telnet port" "$(xp "$x" 'string(/domain/devices/serial[target/@port="1"]/source/@service)')" 4322 || return 1
		has "$x" "B's NIC" "$(xp "$x" 'string(/domain/devices/interface[model/@type="virtio"]/address/@slot)')" 0x04 || return 1
		cmdline=" $(xp "$x" 'string(/domain/os/cmdline)') "
		for d in console=ttyS0,115200 twinkernel=256M pci_dev_flags=1af4:1000:b; do
			case "$cmdline" in
			*" $d "*) ;;
			*) echo "$(basename "$x"): the command line '$cmdline' lacks $d"; return 1 ;;
			esac
		done
	done
	x=$TOP/qemu/libvirt/twin-kernel.xml
	has "$x" initrd "$(xp "$x" 'string(/domain/os/initrd)')" /var/lib/twin-kernel/initramfs-a.cpio.gz || return 1
	x=$TOP/qemu/libvirt/twin-kernel-disk.xml
	has "$x" disk "$(xp "$x" 'string(/domain/devices/disk/source/@file)')" /var/lib/twin-kernel/debian-12.img || return 1
	echo "both XMLs validate and boot A with the twin memory, B's NIC kept for B, consoles on 4321/4322"
	tmp=$T_DIR/tmp
	mkdir -p "$tmp"
	lx_install "$tmp"; rc=$?
	rm -rf "$tmp"	# the copy of the disk image
	return $rc
}

# lx_install TMP: qemu/libvirt/install and daemon, without a daemon.
lx_install() {
	local tmp=$1 d out rc
	if ! out=$("$TOP/qemu/libvirt/install" --dir "$tmp/share" --no-define 2>&1); then
		echo "qemu/libvirt/install --no-define failed:"; echo "$out"; return 1
	fi
	for d in twin-kernel twin-kernel-disk; do
		[ -f "$tmp/share/$d.xml" ] || [ "$d" = twin-kernel-disk ] || { echo "install wrote no $d.xml"; return 1; }
		[ -f "$tmp/share/$d.xml" ] || continue
		if ! out=$(diff <(sed "s|$tmp/share/|/var/lib/twin-kernel/|g" "$tmp/share/$d.xml") "$TOP/qemu/libvirt/$d.xml"); then
			echo "install's $d.xml differs from the repo's by more than its folder:"; echo "$out"; return 1
		fi
		grep -q "$tmp/share/bzImage" "$tmp/share/$d.xml" || { echo "install's $d.xml does not name $tmp/share/bzImage"; return 1; }
	done
	for d in bzImage initramfs-a.cpio.gz; do
		cmp -s "$tmp/share/$d" "$TOP/out/$d" || { echo "install's $d differs from out/$d"; return 1; }
	done
	echo "install --no-define: $(cd "$tmp/share" && echo *)"

	out=$("$TOP/qemu/libvirt/install" --dir "$tmp/share" --uri "qemu+unix:///session?socket=$tmp/none" 2>&1); rc=$?
	if [ "$rc" != 1 ] || ! grep -q "no libvirt daemon answers at qemu+unix:///session?socket=$tmp/none" <<<"$out"; then
		echo "install with no daemon: exit $rc, output:"; echo "$out"; return 1
	fi
	out=$("$TOP/qemu/libvirt/install" --dir "$tmp/a'b" --no-define 2>&1); rc=$?
	if [ "$rc" != 1 ] || ! grep -q "use letters, digits" <<<"$out"; then
		echo "install with a quote in --dir: exit $rc, output:"; echo "$out"; return 1
	fi
	out=$("$TOP/qemu/libvirt/daemon" start "$tmp/a-folder-name-too-long-for-libvirt" 2>&1); rc=$?
	if [ "$rc" != 1 ] || ! grep -q "at most 38" <<<"$out" || [ -e "$tmp/a-folder-name-too-long-for-libvirt" ]; then
		echo "daemon start with a long folder: exit $rc, output:"; echo "$out"; return 1
	fi
	echo "install and daemon refuse with a message: no daemon, a quote in the folder, a folder too long"
}
