#!/usr/bin/env bash
# Build the initramfs both kernels boot: Debian's static busybox, tkctl,
# Debian's kexec with its libraries, our /init and the test scenarios.
#
#   rootfs/build.sh OUTPUT.cpio.gz [EXTRA_DIR]
#
# EXTRA_DIR, when given, is copied over the tree (e.g. /boot with B's files).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
output=${1:?usage: rootfs/build.sh OUTPUT.cpio.gz [EXTRA_DIR]}
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
command -v cpio >/dev/null || need+=("cpio")
[ ${#need[@]} -eq 0 ] || die "missing packages: ${need[*]}; run 'make deps' as root"
[ -x "$tkctl" ] || die "missing $tkctl; run 'make tools'"

stage=$(mktemp -d "${TMPDIR:-/tmp}/tk-rootfs.XXXXXX")
trap 'rm -rf "$stage"' EXIT

mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,etc/tk,proc,sys,dev,tmp,run,root,boot,lib64}
cp /bin/busybox "$stage/bin/busybox"
for applet in $(/bin/busybox --list-full); do
	[ -e "$stage/$applet" ] || ln -s /bin/busybox "$stage/$applet"
done

# Debian's kexec is dynamically linked: bring its libraries along.
kexec=$(command -v kexec || echo /sbin/kexec)
cp "$kexec" "$stage/usr/sbin/kexec"
for lib in $(ldd "$kexec" | awk '/=>/ { print $3 } /^\t\/lib/ { print $1 }'); do
	mkdir -p "$stage$(dirname "$lib")"
	cp -L "$lib" "$stage$lib"
done
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
echo "root:x:0:0:root:/root:/bin/sh" > "$stage/etc/passwd"
echo "root:x:0:" > "$stage/etc/group"

if [ -n "$extra" ]; then
	[ -d "$extra" ] || die "extra tree $extra is not a directory"
	cp -a "$extra/." "$stage/"
fi

mkdir -p "$(dirname "$output")"
(cd "$stage" && find . -print0 | LC_ALL=C sort -z |
	cpio --null -o -H newc --owner 0:0 --quiet) | gzip -9n > "$output.tmp"
mv "$output.tmp" "$output"
echo "rootfs/build.sh: $output ($(du -k "$output" | cut -f1) KiB)"
