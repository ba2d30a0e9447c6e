#!/usr/bin/env bash
# Build kernel A's Debian 12 disk image (a TEST image: root logs in on ttyS0
# with the test password "twin"). The debootstrap root filesystem is made once and
# cached in build/image/rootfs-KEY.tar, KEY being a hash of image/packages
# and image/mk-rootfs.sh; the image itself is assembled from that tar, the
# guest files (image/guest/), the test scenarios (rootfs/lib.sh,
# rootfs/scenarios/, image/scenarios/) and the built kernels and tkctl
# (install-kernel-to-img.sh).
set -euo pipefail
prog=image/build.sh
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
# shellcheck source=image/common.sh source-path=SCRIPTDIR
. "$here/common.sh"

usage() {
	cat <<EOF2
Usage: $prog IMAGE [SIZE]

As root: make IMAGE, a raw disk with one ext4 filesystem of SIZE (default
2G, sparse) holding Debian 12 (minbase, sysvinit), kexec-tools, busybox,
pciutils, iproute2, procps, the Twin Kernel test service and, from out/,
kernel A, kernel B, B's initramfs and tkctl. Boot it with
  qemu/run --disk IMAGE
The debootstrap tree is cached in build/image/ (rebuilt when image/packages
or image/mk-rootfs.sh change). IMAGE is replaced only when the build
succeeded.
EOF2
}
case "${1:-}" in -h|--help) usage; exit 0 ;; '') usage >&2; exit 2 ;; esac
image=$1 size=${2:-2G}

need_root "debootstrap, loop devices and chroot need it"
need_tools debootstrap:debootstrap mkfs.ext4:e2fsprogs losetup:mount \
	tar:tar chroot:coreutils

cache=$top/build/image
key=$(cat "$here/packages" "$here/mk-rootfs.sh" | sha256sum | cut -c1-12)
tarball=$cache/rootfs-$key.tar
if [ ! -f "$tarball" ]; then
	"$here/mk-rootfs.sh" "$tarball"
else
	echo "$prog: cached root filesystem $tarball"
fi

mkdir -p "$(dirname "$image")"
tmp=$image.tmp
rm -f "$tmp"
mnt=$(mktemp -d "${TMPDIR:-/tmp}/tk-img.XXXXXX")
mounted=0
cleanup() {
	if [ "$mounted" = 1 ]; then "$here/umount-img.sh" "$mnt" >/dev/null || true; fi
	rmdir "$mnt" 2>/dev/null || true
	rm -f "$tmp"
}
trap cleanup EXIT

"$here/mk-qemu-img.sh" "$tmp" "$size"
"$here/mount-img.sh" "$tmp" "$mnt"
mounted=1
tar -C "$mnt" --numeric-owner --xattrs -xpf "$tarball"

# The project's guest files: inittab (a getty on ttyS0), fstab, the test
# service, and the scenarios the initramfs also carries.
cp -a "$here/guest/." "$mnt/"
chown -R 0:0 "$mnt/etc/inittab" "$mnt/etc/fstab" "$mnt/etc/init.d/tk-boot" "$mnt/etc/redis/tk.conf" \
	"$mnt/usr/lib/tk"
install -D -m 0644 "$top/rootfs/lib.sh" "$mnt/etc/tk/lib.sh"
mkdir -p "$mnt/etc/tk/scenarios"
install -m 0644 "$top"/rootfs/scenarios/*.sh "$here"/scenarios/*.sh "$mnt/etc/tk/scenarios/"
# The scenarios call udhcpc and ping: busybox provides them in the image.
install -D -m 0755 "$top/rootfs/udhcpc.script" "$mnt/usr/share/udhcpc/default.script"
for applet in udhcpc ping; do
	ln -sf /usr/bin/busybox "$mnt/usr/local/bin/$applet"
done
echo "127.0.1.1	tk-a" >> "$mnt/etc/hosts"
# Debian's redis.conf, with the test image's settings last (guest/etc/redis).
echo "include /etc/redis/tk.conf" >> "$mnt/etc/redis/redis.conf"
# TEST IMAGE: root's password is "twin", the same as in B's initramfs
# (rootfs/build.sh) and the tests' (VM_PASSWORD, tests/lib/vm.sh).
echo "root:twin" | chroot "$mnt" chpasswd
chroot "$mnt" update-rc.d tk-boot defaults >/dev/null

mounted=0
"$here/umount-img.sh" "$mnt" >/dev/null
"$here/install-kernel-to-img.sh" "$tmp"
mv "$tmp" "$image"
echo "$prog: $image ($size sparse, $(du -m "$image" | cut -f1) MiB used)"
