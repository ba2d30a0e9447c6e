# shellcheck disable=SC2015,SC2001 # "A && B || fail" is meant; sed indents
DESC="the image scripts (image/*.sh): --help; clear errors for no root, a missing tool, an existing image, a bad size, a missing mount point, a non-ext4 image, a second mount, unmounting what is not mounted; no loop device or mount left behind"

# img_run NAME SCRIPT ARGS...: run an image script, keep its output in
# $out and its status in $rc.
img_run() {
	local s=$1; shift
	out=$("$TOP/image/$s" "$@" 2>&1) && rc=0 || rc=$?
}

# img_fails WHAT REGEX: the last img_run failed with a message matching REGEX.
img_fails() {
	if [ "$rc" -eq 0 ] || ! grep -qE -- "$2" <<<"$out"; then
		echo "FAIL: $1: expected failure with /$2/, got status $rc:"
		echo "$out" | sed 's/^/    /'
		return 1
	fi
	echo "ok: $1: $(head -1 <<<"$out")"
}

# img_clean IMAGE...: no loop device holds any IMAGE, nothing is mounted
# under the scratch folder.
img_clean() {
	local i
	for i in "$@"; do
		if [ -e "$i" ] && [ -n "$(losetup -j "$i")" ]; then
			echo "FAIL: loop device left behind: $(losetup -j "$i")"
			return 1
		fi
	done
	if findmnt -rn -o TARGET | grep -qF "$scratch"; then
		echo "FAIL: mount left behind: $(findmnt -rn -o TARGET,SOURCE | grep -F "$scratch")"
		return 1
	fi
}

test_main() {
	if [ "$(id -u)" != 0 ]; then
		echo "this test needs root (loop devices and mounts); CI runs as root"
		return 1
	fi
	scratch=$(mktemp -d "${TMPDIR:-/tmp}/tk-img-test.XXXXXX")
	chmod 755 "$scratch"
	# shellcheck disable=SC2064 # expand now
	trap "findmnt -rn -o TARGET | grep -F '$scratch' | xargs -r umount -l; \
		losetup -j '$scratch/good.img' | cut -d: -f1 | xargs -r losetup -d; \
		rm -rf '$scratch'; vm_stop" EXIT
	local s img=$scratch/good.img mnt=$scratch/mnt
	mkdir "$mnt"

	for s in mk-qemu-img.sh mount-img.sh umount-img.sh install-kernel-to-img.sh build.sh mk-rootfs.sh; do
		img_run "$s" --help
		[ "$rc" = 0 ] && grep -q "^Usage: " <<<"$out" ||
			{ echo "FAIL: $s --help: status $rc: $out"; return 1; }
	done
	echo "ok: --help of every script"

	# Not root: each refuses before doing anything.
	for s in "mk-qemu-img.sh $scratch/nobody.img 16M" "mount-img.sh $img $mnt" \
		"umount-img.sh $mnt" "install-kernel-to-img.sh $img" "build.sh $img" \
		"mk-rootfs.sh $scratch/r.tar"; do
		# shellcheck disable=SC2086 # a command line
		out=$(setpriv --reuid=65534 --regid=65534 --clear-groups \
			"$TOP"/image/$s 2>&1) && rc=0 || rc=$?
		img_fails "${s%% *} as nobody" "must run as root" || return 1
	done
	[ ! -e "$scratch/nobody.img" ] || { echo "FAIL: nobody.img made"; return 1; }

	# A missing tool is named with its package.
	mkdir "$scratch/bin"
	for s in bash id dirname cat sed; do ln -s "$(command -v $s)" "$scratch/bin/"; done
	out=$(PATH=$scratch/bin "$TOP/image/mk-qemu-img.sh" "$scratch/t.img" 16M 2>&1) && rc=0 || rc=$?
	img_fails "mk-qemu-img.sh without truncate" "missing truncate \(package coreutils\)" || return 1

	img_run mk-qemu-img.sh "$scratch/bad.img" 12X
	img_fails "a bad size" "not a size" || return 1
	[ ! -e "$scratch/bad.img" ] || { echo "FAIL: bad.img left behind"; return 1; }
	img_run mk-qemu-img.sh "$scratch/nodir/x.img" 16M
	img_fails "a missing folder" "folder .* does not exist" || return 1

	img_run mk-qemu-img.sh "$img" 64M
	[ "$rc" = 0 ] || { echo "FAIL: mk-qemu-img.sh: $out"; return 1; }
	blkid -o value -s TYPE "$img" | grep -qx ext4 ||
		{ echo "FAIL: $img is not ext4: $(blkid "$img")"; return 1; }
	echo "ok: mk-qemu-img.sh made an ext4 image"
	local sum; sum=$(sha256sum < "$img")
	img_run mk-qemu-img.sh "$img" 32M
	img_fails "the image exists already" "exists already" || return 1
	[ "$(sha256sum < "$img")" = "$sum" ] || { echo "FAIL: existing image changed"; return 1; }

	img_run mount-img.sh "$img" "$scratch/missing"
	img_fails "a missing mount point" "mount point .*missing does not exist" || return 1
	img_clean "$img" || return 1
	img_run mount-img.sh "$scratch/none.img" "$mnt"
	img_fails "a missing image" "not found" || return 1
	truncate -s 16M "$scratch/zero.img"
	img_run mount-img.sh "$scratch/zero.img" "$mnt"
	img_fails "an image without ext4" "cannot mount" || return 1
	img_clean "$img" "$scratch/zero.img" || return 1
	echo "ok: no loop device or mount left after the failures"

	img_run umount-img.sh "$mnt"
	img_fails "unmount of a folder not mounted" "is not mounted" || return 1
	img_run umount-img.sh "$scratch/missing"
	img_fails "unmount of a missing folder" "does not exist" || return 1

	img_run mount-img.sh "$img" "$mnt"
	[ "$rc" = 0 ] && findmnt -rn --mountpoint "$mnt" >/dev/null ||
		{ echo "FAIL: mount-img.sh: $out"; return 1; }
	echo "ok: mounted: $(findmnt -rn -o SOURCE,TARGET --mountpoint "$mnt")"
	img_run mount-img.sh "$img" "$mnt"
	img_fails "a second mount on the same folder" "already a mount point" || return 1
	[ "$(losetup -j "$img" | wc -l)" = 1 ] ||
		{ echo "FAIL: loop devices: $(losetup -j "$img")"; return 1; }
	img_run umount-img.sh "$mnt"
	[ "$rc" = 0 ] || { echo "FAIL: umount-img.sh: $out"; return 1; }
	img_clean "$img" || return 1
	echo "ok: umount-img.sh unmounted and freed the loop device"

	# install-kernel-to-img.sh: missing artifacts, then fake ones.
	local fake=$scratch/out
	mkdir -p "$fake/b"
	img_run install-kernel-to-img.sh --out "$fake" "$img"
	img_fails "install with no artifacts" "missing .*bzImage" || return 1
	for s in bzImage b/bzImage initramfs-upgrade.cpio.gz tkctl; do echo "$s" > "$fake/$s"; done
	img_run install-kernel-to-img.sh --out "$fake" "$scratch/zero.img"
	img_fails "install into an image without ext4" "cannot mount" || return 1
	img_clean "$img" "$scratch/zero.img" || return 1
	img_run install-kernel-to-img.sh --out "$fake" "$img"
	[ "$rc" = 0 ] || { echo "FAIL: install-kernel-to-img.sh: $out"; return 1; }
	img_clean "$img" || return 1
	"$TOP/image/mount-img.sh" "$img" "$mnt" >/dev/null || return 1
	local ok=1
	for s in boot/bzImage:bzImage boot/bzImage-b:b/bzImage \
		boot/initramfs-b.cpio.gz:initramfs-upgrade.cpio.gz usr/sbin/tkctl:tkctl; do
		cmp -s "$mnt/${s%%:*}" "$fake/${s#*:}" || { echo "FAIL: /${s%%:*} not installed"; ok=0; }
	done
	[ -x "$mnt/usr/sbin/tkctl" ] || { echo "FAIL: tkctl not executable"; ok=0; }
	"$TOP/image/umount-img.sh" "$mnt" >/dev/null || return 1
	[ "$ok" = 1 ] || return 1
	img_clean "$img" || return 1
	echo "ok: install-kernel-to-img.sh installed /boot/bzImage, bzImage-b, initramfs-b.cpio.gz and /usr/sbin/tkctl"
}
