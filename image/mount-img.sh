#!/usr/bin/env bash
# Mount the ext4 filesystem of a raw image on a loop device.
set -euo pipefail
prog=mount-img.sh
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=image/common.sh source-path=SCRIPTDIR
. "$here/common.sh"

usage() {
	cat <<EOF2
Usage: $prog IMAGE [DIR]

As root: attach IMAGE to a free loop device and mount it on DIR. DIR must
exist; without DIR the image is mounted on ./mount-point.tmp (created when
missing, as in the seed). Unmount with umount-img.sh [DIR]. On any error no
loop device or mount is left behind.
EOF2
}
case "${1:-}" in -h|--help) usage; exit 0 ;; esac
if [ $# -lt 1 ] || [ $# -gt 2 ]; then usage >&2; exit 2; fi
image=$1 dir=${2:-}

need_root "loop devices and mount need it"
need_tools losetup:mount mount:mount findmnt:util-linux
[ -f "$image" ] || die "image $image not found"
made_dir=
if [ -z "$dir" ]; then
	dir=mount-point.tmp
	[ -d "$dir" ] || { mkdir "$dir"; made_dir=$dir; }
fi
[ -d "$dir" ] || die "mount point $dir does not exist (create it, or omit DIR to use ./mount-point.tmp)"
dir=$(cd "$dir" && pwd)
if findmnt -rn --mountpoint "$dir" >/dev/null; then
	die "$dir is already a mount point ($(findmnt -rn -o SOURCE --mountpoint "$dir"))"
fi

loop=
cleanup() {
	if [ -n "$loop" ]; then losetup -d "$loop" 2>/dev/null || true; fi
	if [ -n "$made_dir" ]; then rmdir "$made_dir" 2>/dev/null || true; fi
}
trap cleanup EXIT

loop=$(losetup --find --show "$image") || die "no free loop device for $image"
mount -t ext4 "$loop" "$dir" || die "cannot mount $image ($loop) on $dir: not an ext4 image?"
# Mounted: the loop device and the folder stay until umount-img.sh.
loop='' made_dir=''
echo "$prog: $image on $dir ($(findmnt -rn -o SOURCE --mountpoint "$dir"))"
