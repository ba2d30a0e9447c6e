DESC="the kernel patch series and the project's kernel files pass scripts/checkpatch.pl with no error or warning"
test_main() {
	. "$TOP/kernel/base.env"
	local src=$TOP/build/$KERNEL_SRC_DIR f rc=0
	[ -x "$src/scripts/checkpatch.pl" ] || {
		echo "no kernel source at $src: run make kernel"; return 1; }
	for f in "$TOP"/kernel/patches/*.patch; do
		"$src/scripts/checkpatch.pl" --no-tree -q --terse "$f" |
			grep -v " 0 errors, 0 warnings" && rc=1
	done
	while IFS= read -r f; do
		"$src/scripts/checkpatch.pl" --no-tree -q --terse -f "$f" |
			grep -v " 0 errors, 0 warnings" && rc=1
	done < <(find "$TOP/kernel/overlay" -name '*.[chS]')
	return $rc
}
