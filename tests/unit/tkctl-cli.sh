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
	for c in load start status stop restart unload log send recv ping; do
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
	expect 2 recv -n 0 && grep -q "bad count" <<<"$LAST" || return 1
	expect 2 recv --timeout x || return 1
	expect 2 recv --bogus || return 1
	expect 2 ping -s 4 && grep -q "8..256" <<<"$LAST" || return 1
	expect 2 ping -c x || return 1
	expect 2 ping -x 1 || return 1
	expect 2 ping -W 0 && grep -q "1..60000" <<<"$LAST" || return 1
	expect 2 send "$(head -c 65537 /dev/zero | tr '\0' x)" &&
		grep -q "more than 65536" <<<"$LAST" || return 1
	# The host has no channel: a clear error naming the device, exit 1.
	if [ ! -e /dev/twin ]; then
		expect 1 send hello && grep -q "/dev/twin: No such file" <<<"$LAST" || return 1
		expect 1 ping -c 1 && grep -q "/dev/twin" <<<"$LAST" || return 1
	fi
}
