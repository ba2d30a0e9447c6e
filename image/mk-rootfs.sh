#!/usr/bin/env bash
# Build the cached Debian 12 root filesystem of kernel A's disk image:
# debootstrap --variant=minbase from Debian's archive, sysvinit as init (no
# systemd, no udev), plus the packages in image/packages. The result is a
# tar of the tree; image/build.sh puts it into an image with the project's
# files. Slow (minutes), so image/build.sh runs it only when this script or
# image/packages changed.
#
#   image/mk-rootfs.sh OUTPUT.tar [MIRROR]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
prog=image/mk-rootfs.sh
usage() {
	cat <<EOF2
Usage: $prog OUTPUT.tar [MIRROR]

As root: debootstrap Debian 12 (bookworm, --variant=minbase, sysvinit-core)
with the packages listed in image/packages into a temporary folder next to
OUTPUT and pack it as OUTPUT (a tar). MIRROR defaults to
http://deb.debian.org/debian.
EOF2
}
case "${1:-}" in -h|--help) usage; exit 0 ;; '') usage >&2; exit 2 ;; esac
output=$1
mirror=${2:-http://deb.debian.org/debian}

die() { echo "$prog: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "must run as root (debootstrap and chroot need it)"
for t in debootstrap:debootstrap tar:tar chroot:coreutils; do
	command -v "${t%%:*}" >/dev/null || die "missing ${t%%:*}; install the Debian package ${t#*:} ('make deps')"
done

pkgs=$(sed 's/#.*//' "$here/packages" | xargs | tr ' ' ,)
mkdir -p "$(dirname "$output")"
tree=$(mktemp -d "$(dirname "$output")/rootfs.XXXXXX")
cleanup() {
	# debootstrap may leave /proc and /sys mounted in the tree on failure.
	local m
	for m in $(findmnt -rn -o TARGET | grep -F "$tree/" | sort -r); do
		umount -l "$m" 2>/dev/null || true
	done
	rm -rf "$tree" "$output.tmp"
}
trap cleanup EXIT

echo "$prog: debootstrap bookworm (minbase + $pkgs) from $mirror"
debootstrap --variant=minbase --include="$pkgs" bookworm "$tree" "$mirror" \
	> "$output.log" 2>&1 || { tail -20 "$output.log" >&2; die "debootstrap failed (log: $output.log)"; }
# No systemd or udev: the kernel is a small build and sysvinit needs neither.
for p in systemd udev; do
	if chroot "$tree" dpkg -s "$p" >/dev/null 2>&1; then die "$p got installed"; fi
done
chroot "$tree" apt-get clean
rm -rf "$tree"/var/lib/apt/lists/*
tar -C "$tree" --numeric-owner --xattrs -cf "$output.tmp" .
mv "$output.tmp" "$output"
echo "$prog: $output ($(du -m "$output" | cut -f1) MiB)"
