#!/usr/bin/env bash
# Build a Twin Kernel: Debian's linux-source-6.12 + our overlay + our patch
# series, configured from the variant's base (defconfig + kvm_guest.config
# for A, tinyconfig for B) plus fragments, built out of tree.
#
#   kernel/build.sh [VARIANT]     VARIANT = a (default) or another name with
#                                 a kernel/configs/VARIANT.config fragment
#
# Artifacts: variant "a" -> out/bzImage, out/vmlinux;
#            others      -> out/VARIANT/bzImage, out/VARIANT/vmlinux.
# Environment: TK_BUILD (scratch folder, default build/), TK_JOBS.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
# shellcheck source=kernel/base.env
. "$here/base.env"

variant=${1:-a}
build=$(realpath -m "${TK_BUILD:-$top/build}")
src=$build/$KERNEL_SRC_DIR
obj=$build/kernel-$variant
if [ "$variant" = a ]; then out=$top/out; else out=$top/out/$variant; fi
jobs=${TK_JOBS:-$(nproc)}

die() { echo "kernel/build.sh: $*" >&2; exit 1; }
log() { echo "kernel/build.sh: $*"; }

[ -f "$here/configs/$variant.config" ] ||
	die "unknown variant '$variant': no kernel/configs/$variant.config"

need=()
for tool in gcc make flex bison bc perl xz patch; do
	command -v "$tool" >/dev/null || need+=("$tool")
done
[ -f /usr/include/libelf.h ] || need+=("libelf-dev")
[ -f /usr/include/openssl/ssl.h ] || need+=("libssl-dev")
[ -f "$KERNEL_TARBALL" ] || need+=("$KERNEL_SOURCE_PKG ($KERNEL_TARBALL)")
[ ${#need[@]} -eq 0 ] ||
	die "missing: ${need[*]}; run 'make deps' as root"

# ccache keys are made independent of where the checkout lives: paths
# under $build are hashed relative to the object folder (base_dir), so a
# fresh clone elsewhere (CI's) hits what this one compiled. gcc then sees
# relative source paths, and the second prefix map keeps __FILE__ in WARN
# and BUG lines "kernel/fork.c", as in a plain build.
cc=gcc
kcppflags=
if command -v ccache >/dev/null; then
	cc="ccache gcc"
	export CCACHE_BASEDIR=$build CCACHE_NOHASHDIR=true
	kcppflags="-fmacro-prefix-map=../$KERNEL_SRC_DIR/="
fi

mkdir -p "$build" "$out"

# 1. Pristine source, extracted once per tarball version.
tarball_id=$(stat -c '%s-%Y' "$KERNEL_TARBALL")
if [ "$(cat "$src/.tk-extracted" 2>/dev/null)" != "$tarball_id" ]; then
	log "extracting $KERNEL_TARBALL (about a minute)"
	rm -rf "$src" "$src.tmp"
	mkdir -p "$src.tmp"
	tar -xf "$KERNEL_TARBALL" -C "$src.tmp" --strip-components=1
	echo "$tarball_id" > "$src.tmp/.tk-extracted"
	mv "$src.tmp" "$src"
fi

# 2. Patch series. The applied patches are kept in $src/.tk-applied so that a
#    changed series is reversed and re-applied, touching only its files.
want=()
while read -r p; do
	case "$p" in ''|'#'*) continue ;; esac
	[ -f "$here/patches/$p" ] || die "patches/series names missing patch $p"
	want+=("$p")
done < "$here/patches/series"

applied_dir=$src/.tk-applied
mkdir -p "$applied_dir"
same=1
mapfile -t have < <(cat "$applied_dir/series" 2>/dev/null || true)
if [ "${#have[@]}" -ne "${#want[@]}" ]; then
	same=0
else
	for i in "${!want[@]}"; do
		if [ "${have[$i]}" != "${want[$i]}" ] ||
		   ! cmp -s "$applied_dir/${want[$i]}" "$here/patches/${want[$i]}"; then
			same=0
		fi
	done
fi
if [ "$same" = 0 ]; then
	for ((i = ${#have[@]} - 1; i >= 0; i--)); do
		p=${have[$i]}
		log "reversing old patch $p"
		patch -d "$src" -p1 -R -s --no-backup-if-mismatch < "$applied_dir/$p" ||
			die "cannot reverse $p; remove $src and run again"
	done
	rm -rf "$applied_dir"; mkdir -p "$applied_dir"
	: > "$applied_dir/series"
	for p in "${want[@]}"; do
		log "applying $p"
		patch -d "$src" -p1 -s -N --no-backup-if-mismatch --dry-run \
			< "$here/patches/$p" >/dev/null ||
			die "patch $p does not apply to $KERNEL_SOURCE_PKG"
		patch -d "$src" -p1 -s -N --no-backup-if-mismatch < "$here/patches/$p"
		cp "$here/patches/$p" "$applied_dir/$p"
		echo "$p" >> "$applied_dir/series"
	done
fi

# 3. Overlay: the project's own kernel files. Only a file whose content
#    differs is copied, with the time of the copy: unchanged files are not
#    rebuilt, and a file edited while an earlier build ran (after that
#    build's copy, before its compile) is still rebuilt now.
while IFS= read -r -d '' f; do
	if ! cmp -s "$here/overlay/$f" "$src/$f"; then
		mkdir -p "$(dirname "$src/$f")"
		cp "$here/overlay/$f" "$src/$f"
	fi
done < <(cd "$here/overlay" && find . -type f -print0)

# 4. Configuration: the variant's base (its fragment's "# base:" line, for
#    example "defconfig kvm_guest.config" as users and the seed build; default
#    tinyconfig) + twin.config + VARIANT.config. Regenerated only when a
#    fragment changes, so incremental builds stay incremental.
frags=("$here/configs/twin.config" "$here/configs/$variant.config")
base=$(sed -n 's/^# base: *//p' "$here/configs/$variant.config" | head -n 1)
base=${base:-tinyconfig}
frag_id=$( (echo "$base"; cat "${frags[@]}") | sha256sum | cut -d' ' -f1)
mkdir -p "$obj"
if [ "$(cat "$obj/.tk-config-id" 2>/dev/null)" != "$frag_id" ] ||
   [ ! -f "$obj/.config" ]; then
	log "configuring $variant from $base"
	# shellcheck disable=SC2086 # base is a list of make config targets
	make -s -C "$src" O="$obj" CC="$cc" $base >/dev/null
	"$src/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" \
		"${frags[@]}" >/dev/null
	make -s -C "$src" O="$obj" CC="$cc" olddefconfig >/dev/null
	echo "$frag_id" > "$obj/.tk-config-id"
fi

# Every option a fragment asks for must have survived olddefconfig; a later
# fragment overrides an earlier one.
declare -A want_opt=()
order=()
while IFS= read -r line; do
	case "$line" in
	CONFIG_*=*)
		opt=${line%%=*}
		[ -n "${want_opt[$opt]+x}" ] || order+=("$opt")
		want_opt[$opt]=$line ;;
	esac
done < <(cat "${frags[@]}")
missing=()
for opt in "${order[@]}"; do
	line=${want_opt[$opt]}
	case "$line" in
	*=n) grep -q "^$opt=" "$obj/.config" && missing+=("$line") ;;
	*) grep -qxF "$line" "$obj/.config" || missing+=("$line") ;;
	esac
done
if [ ${#missing[@]} -gt 0 ]; then
	rm -f "$obj/.tk-config-id"
	die "config options dropped by Kconfig (unmet dependencies?): ${missing[*]}"
fi

# 5. Build. Fixed build user/host/time keep ccache hits across rebuilds.
export KBUILD_BUILD_USER=twin KBUILD_BUILD_HOST=twin-kernel
export KBUILD_BUILD_TIMESTAMP="${KBUILD_BUILD_TIMESTAMP:-2026-01-01}"
log "building $variant with $jobs jobs ($cc)"
start=$(date +%s)
make -s -C "$src" O="$obj" CC="$cc" KCPPFLAGS="$kcppflags" -j"$jobs" bzImage
cp "$obj/arch/x86/boot/bzImage" "$out/bzImage"
cp "$obj/vmlinux" "$out/vmlinux"
log "$variant built in $(($(date +%s) - start)) s: $out/bzImage ($(make -s -C "$src" O="$obj" kernelrelease))"
