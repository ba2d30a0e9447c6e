DESC="tkctl answers --help, bad commands and bad options with the documented exit codes; every subcommand parses its options with getopt_long (any order, --, -h/--help anywhere)"
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
# says PATTERN: the last output matches (grep), or say what it was.
says() {
	grep -q -- "$1" <<<"$LAST" && return 0
	echo "expected the output to say '$1'; it was:"
	echo "$LAST" | sed 's/^/    /'
	return 1
}
test_main() {
	expect 0 --help && says '^Commands:' || return 1
	expect 0 --version || return 1
	expect 2 || return 1
	expect 2 frobnicate && says "unknown command 'frobnicate'" || return 1
	local c
	for c in load start status stop restart unload log send recv ping grow handover share-net; do
		expect 0 "$c" --help && says "^Usage: tkctl $c" || return 1
		expect 0 "$c" -h && says "^Usage: tkctl $c" || return 1
		# Help wins wherever it is, also after a bad option or operand.
		expect 0 "$c" --bogus extra --help && says "^Usage: tkctl $c" || return 1
		expect 2 "$c" --bogus && says "tkctl $c: unknown option '--bogus'" || return 1
	done
	# getopt_long: options after operands, "--", values, abbreviations.
	expect 2 send hello --bogus && says "unknown option '--bogus'" || return 1
	expect 2 load --kernel && says "option '--kernel' needs a value" || return 1
	expect 2 recv -n && says "option '-n' needs a value" || return 1
	expect 2 status --json=1 && says "option '--json' takes no value" || return 1
	expect 2 load --c x && says "ambiguous option '--c'" || return 1
	expect 2 ping -c 1 -x && says "unknown option '-x'" || return 1
	expect 2 stop 5 && says "unexpected argument '5'" || return 1
	expect 2 load --kernel x extra && says "unexpected argument 'extra'" || return 1
	expect 2 recv --timeout=0 && says "bad timeout '0'" || return 1
	expect 2 load --kernel x --cpu 0 && says "CPU 0 is the boot CPU" || return 1
	expect 2 load && says '--kernel FILE is required' || return 1
	expect 2 load --kernel x --pci 00:04 && says '--pci:' || return 1
	expect 2 load --kernel x --cpu -1 && says '--cpu:' || return 1
	expect 2 load --kernel x --bogus || return 1
	expect 2 status --bogus || return 1
	expect 2 start extra || return 1
	expect 2 restart extra || return 1
	expect 2 log extra || return 1
	expect 2 unload extra || return 1
	expect 2 stop --timeout 0 || return 1
	expect 2 stop --timeout x || return 1
	expect 2 stop --bogus || return 1
	expect 2 recv -n 0 && says "bad count" || return 1
	expect 2 recv --timeout x || return 1
	for v in 0 86401 x -5; do
		expect 2 upgrade --kernel x --timeout "$v" &&
			says "--timeout $v: seconds, 1..86400" || return 1
	done
	for v in 0 65 x 2x ""; do
		expect 2 upgrade --kernel x --keep-cpus "$v" &&
			says "--keep-cpus $v: a number of CPUs, 1..64" || return 1
	done
	expect 2 recv --bogus || return 1
	expect 2 ping -s 4 && says "8..256" || return 1
	expect 2 ping -c x || return 1
	expect 2 ping -x 1 || return 1
	expect 2 ping -W 0 && says "1..60000" || return 1
	expect 2 send "$(head -c 65537 /dev/zero | tr '\0' x)" &&
		says "more than 65536" || return 1
	# The host has no channel: a clear error naming the device, exit 1.
	if [ ! -e /dev/twin ]; then
		expect 1 send hello && says "/dev/twin: No such file" || return 1
		expect 1 ping -c 1 && says "/dev/twin" || return 1
		# An option after the message is taken; after "--" it is a message.
		expect 1 send hello --nonblock && says "/dev/twin: No such file" || return 1
		expect 1 send -- --bogus && says "/dev/twin: No such file" || return 1
	fi
	# Neither kernel A nor B: status names the device it could not open.
	if [ ! -e /dev/twinctl ] && [ ! -e /dev/twin ]; then
		expect 1 status &&
			says "^tkctl status: /dev/twinctl: No such file or directory (kernel built without CONFIG_TWIN_KERNEL?)$" || return 1
		expect 1 status --json && says "/dev/twinctl: No such file" || return 1
	fi
	# The host hosts no twin: load says which file it could not read, and
	# "--help" as the value of --cmdline is a value, not a request for help.
	if [ ! -e /sys/kernel/twin ]; then
		expect 1 load --kernel /nonexistent &&
			says "/sys/kernel/twin/state: No such file" || return 1
		expect 1 load --cmdline --help --kernel /nonexistent &&
			says "/sys/kernel/twin/state" || return 1
	fi
}
