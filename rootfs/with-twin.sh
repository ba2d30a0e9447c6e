#!/usr/bin/env bash
# A's initramfs: the common one plus /boot/bzImage-b and
# /boot/initramfs-b.cpio.gz, the files A loads as kernel B. The kernel
# unpacks concatenated cpio archives in order, so the common image is
# reused as is.
#
#   rootfs/with-twin.sh OUTPUT BASE.cpio.gz B_BZIMAGE
set -euo pipefail
output=${1:?usage: rootfs/with-twin.sh OUTPUT BASE.cpio.gz B_BZIMAGE}
base=${2:?missing BASE.cpio.gz}
bkernel=${3:?missing B_BZIMAGE}
for f in "$base" "$bkernel"; do
	[ -f "$f" ] || { echo "rootfs/with-twin.sh: missing $f" >&2; exit 1; }
done
stage=$(mktemp -d "${TMPDIR:-/tmp}/tk-boot.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/boot"
cp "$bkernel" "$stage/boot/bzImage-b"
cp "$base" "$stage/boot/initramfs-b.cpio.gz"
{
	cat "$base"
	(cd "$stage" && find . -print0 | LC_ALL=C sort -z |
		cpio --null -o -H newc --owner 0:0 --quiet | gzip -9n)
} > "$output.tmp"
mv "$output.tmp" "$output"
echo "rootfs/with-twin.sh: $output ($(du -k "$output" | cut -f1) KiB)"
