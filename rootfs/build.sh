#!/usr/bin/env bash
# Build the initramfs both kernels boot: Debian's static busybox, tkctl,
# Debian's kexec with its libraries, our /init and the test scenarios.
#
#   rootfs/build.sh [--criu] OUTPUT.cpio.gz [EXTRA_DIR]
#
# --criu adds Debian's criu with its libraries (about 12 MiB unpacked):
# B's initramfs for "tkctl upgrade" (installed in the disk image), which
# restores the services. Without it, B needs less twin memory.
# EXTRA_DIR, when given, is copied over the tree (e.g. /boot with B's files).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
with_criu=0
if [ "${1:-}" = --criu ]; then with_criu=1; shift; fi
output=${1:?usage: rootfs/build.sh [--criu] OUTPUT.cpio.gz [EXTRA_DIR]}
extra=${2:-}
tkctl=$top/out/tkctl

die() { echo "rootfs/build.sh: $*" >&2; exit 1; }

need=()
# The static busybox, not the dynamic one of Debian's "busybox" package.
case "$(ldd /bin/busybox 2>&1)" in
*"not a dynamic"*) ;;
*) need+=("busybox-static") ;;
esac
[ -x /usr/sbin/kexec ] || [ -x /sbin/kexec ] || need+=("kexec-tools")
[ "$with_criu" = 0 ] || [ -x /usr/sbin/criu ] || need+=("criu")
command -v cpio >/dev/null || need+=("cpio")
[ ${#need[@]} -eq 0 ] || die "missing packages: ${need[*]}; run 'make deps' as root"
[ -x "$tkctl" ] || die "missing $tkctl; run 'make tools'"

stage=$(mktemp -d "${TMPDIR:-/tmp}/tk-rootfs.XXXXXX")
chmod 0755 "$stage"	# the root folder's mode, as on a disk (criu compares it)
trap 'rm -rf "$stage"' EXIT

mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,etc/tk,proc,sys,dev,tmp,run,root,boot,lib64}
cp /bin/busybox "$stage/bin/busybox"
for applet in $(/bin/busybox --list-full); do
	[ -e "$stage/$applet" ] || ln -s /bin/busybox "$stage/$applet"
done

# Debian's kexec and criu are dynamically linked: bring their libraries
# along. criu restores the services "tkctl upgrade" moves (B's side).
with_libs() {	# BINARY DEST_DIR
	cp "$1" "$stage$2/$(basename "$1")"
	for lib in $(ldd "$1" | awk '/=>/ { print $3 } /^\t\/lib/ { print $1 }'); do
		[ -e "$stage$lib" ] && continue
		mkdir -p "$stage$(dirname "$lib")"
		cp -L "$lib" "$stage$lib"
	done
}
with_libs "$(command -v kexec || echo /sbin/kexec)" /usr/sbin
if [ "$with_criu" = 1 ]; then
	with_libs "$(command -v criu || echo /usr/sbin/criu)" /usr/sbin
fi
# The dynamic loader must also be found at its canonical path.
[ -e "$stage/lib64/ld-linux-x86-64.so.2" ] ||
	cp -L /lib64/ld-linux-x86-64.so.2 "$stage/lib64/"

cp "$tkctl" "$stage/usr/sbin/tkctl"
# Channel test and benchmark helpers (tests/tools).
for helper in tkstream tkxfer tkioctl tkmemfill; do
	[ -x "$top/out/$helper" ] || die "missing $top/out/$helper; run 'make tools'"
	cp "$top/out/$helper" "$stage/usr/bin/$helper"
done
install -m 0755 "$here/init" "$stage/init"
install -m 0644 "$here/lib.sh" "$stage/etc/tk/lib.sh"
mkdir -p "$stage/etc/tk/scenarios"
cp "$here"/scenarios/*.sh "$stage/etc/tk/scenarios/"
mkdir -p "$stage/usr/share/udhcpc"
install -m 0755 "$here/udhcpc.script" "$stage/usr/share/udhcpc/default.script"
install -m 0755 "$here/tk-gettys" "$stage/usr/sbin/tk-gettys"
# Logins (busybox getty and login, started by /init or tk-gettys): root
# with the TEST password "twin", the same as the Debian disk image's
# (image/build.sh) and the tests' (VM_PASSWORD, tests/lib/vm.sh). The
# hash has a fixed salt so that the archive stays reproducible.
password=twin
hash=$(/bin/busybox mkpasswd -m sha512 "$password" tkinitramfs)
# shellcheck disable=SC2016 # the hash's literal start
case "$hash" in '$6$tkinitramfs$'?*) ;; *) die "busybox mkpasswd gave '$hash'" ;; esac
echo "root:x:0:0:root:/root:/bin/sh" > "$stage/etc/passwd"
echo "root:x:0:" > "$stage/etc/group"
echo "root:$hash:19000:0:99999:7:::" > "$stage/etc/shadow"
chmod 0600 "$stage/etc/shadow"
echo /bin/sh > "$stage/etc/shells"
# The prompt the tests wait for after a login (vm_login): root@tk-b:~#
cat > "$stage/etc/profile" <<'EOF2'
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
PS1='\u@\h:\w\$ '
EOF2
printf '%s\n' 'Twin Kernel initramfs (\n, \l) -- TEST image: root'"'"'s password is "twin"' '' \
	> "$stage/etc/issue"

if [ -n "$extra" ]; then
	[ -d "$extra" ] || die "extra tree $extra is not a directory"
	cp -a "$extra/." "$stage/"
fi

mkdir -p "$(dirname "$output")"
(cd "$stage" && find . -print0 | LC_ALL=C sort -z |
	cpio --null -o -H newc --owner 0:0 --quiet) | gzip -9n > "$output.tmp"
mv "$output.tmp" "$output"
echo "rootfs/build.sh: $output ($(du -k "$output" | cut -f1) KiB)"
