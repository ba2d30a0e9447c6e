DESC="tkctl answers --help, bad commands and bad options with the documented exit codes"
# expect CODE COMMAND...: run tkctl, check its exit code, keep its output.
expect() {
	local want=$1; shift
	local out rc
	out=$("$TOP/out/tkctl" "$@" 2>&1); rc=$?
	if [ "$rc" -ne "$want" ]; then
		echo "tkctl $*: exit $rc, expected $want; output:"
		echo "$out" | sed 's/^/    /'
		return 1
	fi
	LAST=$out
}
test_main() {
	expect 0 --help && grep -q '^Commands:' <<<"$LAST" || return 1
	expect 0 --version || return 1
	expect 2 || return 1
	expect 2 frobnicate && grep -q "unknown command 'frobnicate'" <<<"$LAST" || return 1
	local c
	for c in load start status stop restart unload log; do
		expect 0 "$c" --help && grep -q "^Usage: tkctl $c" <<<"$LAST" || return 1
	done
	expect 2 load && grep -q -- '--kernel FILE is required' <<<"$LAST" || return 1
	expect 2 load --kernel x --pci 00:04 && grep -q -- '--pci:' <<<"$LAST" || return 1
	expect 2 load --kernel x --cpu -1 && grep -q -- '--cpu:' <<<"$LAST" || return 1
	expect 2 load --kernel x --bogus || return 1
	expect 2 status --bogus || return 1
	expect 2 start extra || return 1
	expect 2 restart extra || return 1
	expect 2 log extra || return 1
	expect 2 unload extra || return 1
	expect 2 stop --timeout 0 || return 1
	expect 2 stop --timeout x || return 1
	expect 2 stop --bogus || return 1
}
