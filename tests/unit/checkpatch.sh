DESC="the kernel patch series and the project's kernel files pass scripts/checkpatch.pl with no error or warning"
# checkpatch_one [-f] FILE: run checkpatch on FILE; its report on failure.
# A file fails when checkpatch exits non-zero or prints anything but its
# clean "total: 0 errors, 0 warnings" line. GIT_DIR points nowhere: run
# inside this git repository, checkpatch would take a tracked .patch for
# a source file (git ls-files) and check the patch's own lines as code.
checkpatch_one() {
	local out st
	out=$(GIT_DIR=/nonexistent "$CHECKPATCH" --no-tree -q --terse "$@" 2>&1)
	st=$?
	if [ "$st" -ne 0 ] || grep -v -e '^total: 0 errors, 0 warnings, [0-9]* lines checked$' \
		-e '^$' <<<"$out" | grep -q .; then
		echo "checkpatch (exit $st) on ${*: -1}:"
		sed 's/^/    /' <<<"$out"
		return 1
	fi
}
test_main() {
	. "$TOP/kernel/base.env"
	local src=$TOP/build/$KERNEL_SRC_DIR f rc=0 npatch=0 nfile=0
	CHECKPATCH=$src/scripts/checkpatch.pl
	[ -x "$CHECKPATCH" ] || {
		echo "no kernel source at $src: run make kernel"; return 1; }
	for f in "$TOP"/kernel/patches/*.patch; do
		[ -f "$f" ] || continue
		npatch=$((npatch + 1))
		checkpatch_one "$f" || rc=1
	done
	while IFS= read -r f; do
		nfile=$((nfile + 1))
		checkpatch_one -f "$f" || rc=1
	done < <(find "$TOP/kernel/overlay" -name '*.[chS]' | sort)
	echo "checked $npatch patches and $nfile files of kernel/overlay"
	if [ "$npatch" -eq 0 ] || [ "$nfile" -eq 0 ]; then
		echo "nothing to check: kernel/patches or kernel/overlay is empty"
		return 1
	fi
	return $rc
}
