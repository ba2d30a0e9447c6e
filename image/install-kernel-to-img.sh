#!/usr/bin/env bash
# Put the project's built artifacts into a disk image: kernel A, kernel B and
# B's initramfs in /boot, tkctl in /usr/sbin.
set -euo pipefail
prog=install-kernel-to-img.sh
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
# shellcheck source=image/common.sh source-path=SCRIPTDIR
. "$here/common.sh"

usage() {
	cat <<EOF2
Usage: $prog [--out DIR] IMAGE

As root: mount IMAGE (mount-img.sh) on a temporary folder and install
  DIR/bzImage             -> /boot/bzImage     (kernel A, booted with -kernel)
  DIR/b/bzImage           -> /boot/bzImage-b   (kernel B)
  DIR/initramfs-upgrade.cpio.gz -> /boot/initramfs-b.cpio.gz (B's busybox
                          root, with criu for tkctl upgrade)
  DIR/tkctl               -> /usr/sbin/tkctl
DIR defaults to the project's out/ ("make" builds it). The image is
unmounted and its loop device freed on every path, errors included.
EOF2
}
out=$top/out
while [ $# -gt 0 ]; do
	case "$1" in
	-h|--help) usage; exit 0 ;;
	--out) [ $# -ge 2 ] || { usage >&2; exit 2; }; out=$2; shift 2 ;;
	-*) echo "$prog: unknown option '$1' (see --help)" >&2; exit 2 ;;
	*) break ;;
	esac
done
[ $# -eq 1 ] || { usage >&2; exit 2; }
image=$1

need_root "mounting the image needs it"
need_tools losetup:mount mount:mount findmnt:util-linux install:coreutils
[ -f "$image" ] || die "image $image not found (make it with 'make image')"
files=("$out/bzImage:boot/bzImage:0644" "$out/b/bzImage:boot/bzImage-b:0644"
	"$out/initramfs-upgrade.cpio.gz:boot/initramfs-b.cpio.gz:0644"
	"$out/tkctl:usr/sbin/tkctl:0755")
for f in "${files[@]}"; do
	[ -f "${f%%:*}" ] || die "missing ${f%%:*}; run 'make' first"
done

mnt=$(mktemp -d "${TMPDIR:-/tmp}/tk-img.XXXXXX")
mounted=0
cleanup() {
	if [ "$mounted" = 1 ]; then "$here/umount-img.sh" "$mnt" >/dev/null || true; fi
	rmdir "$mnt" 2>/dev/null || true
}
trap cleanup EXIT

"$here/mount-img.sh" "$image" "$mnt" >/dev/null
mounted=1
for f in "${files[@]}"; do
	src=${f%%:*} rest=${f#*:}
	dst=${rest%%:*} mode=${rest#*:}
	install -D -m "$mode" "$src" "$mnt/$dst"
	echo "$prog: /$dst <- $src"
done
mounted=0
"$here/umount-img.sh" "$mnt" >/dev/null
