#!/usr/bin/env bash
# Create a raw disk image holding one ext4 filesystem (no partition table:
# the kernel mounts it as root=/dev/sda, as in the seed).
set -euo pipefail
prog=mk-qemu-img.sh
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=image/common.sh source-path=SCRIPTDIR
. "$here/common.sh"

usage() {
	cat <<EOF2
Usage: $prog IMAGE SIZE

As root: create IMAGE, a sparse raw file of SIZE bytes (suffixes K, M, G as
in truncate(1), e.g. 5G), with an ext4 filesystem labelled tk-root filling it.
Refuses to overwrite an existing IMAGE. On any error IMAGE is removed.
EOF2
}
case "${1:-}" in -h|--help) usage; exit 0 ;; esac
[ $# -eq 2 ] || { usage >&2; exit 2; }
image=$1 size=$2

need_root "the image is made for a root filesystem"
need_tools truncate:coreutils mkfs.ext4:e2fsprogs
[ ! -e "$image" ] || die "$image exists already; remove it first or choose another name"
[[ $size =~ ^[0-9]+[KMG]?$ ]] || die "SIZE '$size' is not a size like 2G or 512M"
dir=$(dirname "$image")
[ -d "$dir" ] || die "folder $dir does not exist"

created=0
cleanup() {
	if [ "$created" = 1 ]; then rm -f "$image"; fi
}
trap cleanup EXIT

truncate -s "$size" "$image"
created=1
mkfs.ext4 -q -F -L tk-root "$image" || die "mkfs.ext4 failed on $image"
created=0
echo "$prog: $image ($size, ext4, label tk-root)"
