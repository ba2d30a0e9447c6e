#!/usr/bin/env bash
# Unmount an image mounted by mount-img.sh and free its loop device.
set -euo pipefail
prog=umount-img.sh
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=image/common.sh source-path=SCRIPTDIR
. "$here/common.sh"

usage() {
	cat <<EOF2
Usage: $prog [DIR]

As root: sync and unmount DIR (default ./mount-point.tmp), then detach its
loop device. The default folder is removed when empty. Fails with a message,
changing nothing, when DIR is not a mount point.
EOF2
}
case "${1:-}" in -h|--help) usage; exit 0 ;; esac
[ $# -le 1 ] || { usage >&2; exit 2; }
dir=${1:-mount-point.tmp}

need_root "umount and losetup need it"
need_tools losetup:mount umount:mount findmnt:util-linux
[ -d "$dir" ] || die "mount point $dir does not exist"
dir=$(cd "$dir" && pwd)
src=$(findmnt -rn -o SOURCE --mountpoint "$dir") ||
	die "$dir is not mounted; nothing to unmount"

sync
umount "$dir" || die "cannot unmount $dir (busy? see: fuser -vm $dir)"
case "$src" in
/dev/loop*)
	# mount(8) may have set autoclear; detach only what is still attached.
	if losetup "$src" >/dev/null 2>&1; then
		losetup -d "$src" || die "unmounted $dir but cannot detach $src"
	fi
	;;
esac
[ -n "${1:-}" ] || rmdir "$dir" 2>/dev/null || true
echo "$prog: unmounted $dir ($src)"
