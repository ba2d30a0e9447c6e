# Helpers for test scenarios run by /init: KTAP output on the console.
# A scenario calls tk_plan N, then tk_ok/tk_check once per test point.

tk_n=0
tk_failed=0

tk_plan() { echo "TAP version 13"; echo "1..$1"; }

# tk_ok DESCRIPTION STATUS [EVIDENCE]: record a result computed by the caller.
tk_ok() {
	tk_n=$((tk_n + 1))
	if [ "$2" -eq 0 ]; then
		echo "ok $tk_n - $1"
	else
		tk_failed=$((tk_failed + 1))
		echo "not ok $tk_n - $1${3:+ # $3}"
	fi
}

# tk_check DESCRIPTION COMMAND...: run COMMAND, record whether it succeeded;
# its output is shown as evidence on failure.
tk_check() {
	desc=$1; shift
	out=$("$@" 2>&1); rc=$?
	tk_ok "$desc" "$rc" "$(echo "$out" | tr '\n' ' ' | cut -c1-200)"
}

# tk_check_shown DESCRIPTION COMMAND...: tk_check, and COMMAND's output is
# shown on the console too (figures the host-side test reads).
tk_check_shown() {
	desc=$1; shift
	out=$("$@" 2>&1); rc=$?
	echo "$out" | sed 's/^/# /'
	tk_ok "$desc" "$rc" "$(echo "$out" | tr '\n' ' ' | cut -c1-200)"
}

# tk_expect_fail DESCRIPTION COMMAND...: COMMAND must fail.
tk_expect_fail() {
	desc=$1; shift
	out=$("$@" 2>&1); rc=$?
	if [ "$rc" -ne 0 ]; then rc=0; else rc=1; fi
	tk_ok "$desc" "$rc" "unexpectedly succeeded: $(echo "$out" | tr '\n' ' ' | cut -c1-200)"
}

tk_done() { echo "TK-SCENARIO-DONE failed=$tk_failed"; }
