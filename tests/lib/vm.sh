# Test helpers: boot the machine headless, wait for console markers, show
# evidence, and always kill QEMU. Sourced by tests/run; each test runs in a
# subshell with $T_DIR (its scratch folder) and $TOP set.

VM_BOOT_TIMEOUT=${VM_BOOT_TIMEOUT:-120}
VM_MAX_SECONDS=${VM_MAX_SECONDS:-600}
vm_pgids=()

# vm_start NAME [qemu/run OPTIONS...]: boot in the background; the run folder
# is $T_DIR/NAME (A.log and B.log = the consoles, trace.log, qemu.out).
vm_start() {
	local name=$1; shift
	local dir=$T_DIR/$name
	mkdir -p "$dir"
	setsid "$TOP/qemu/run" --headless --dir "$dir" \
		--timeout "$VM_MAX_SECONDS" "$@" > "$dir/run.out" 2>&1 &
	vm_pgids+=("$!")
	VM_DIR=$dir
	# The FIFO appears once QEMU is up; tests may type into it.
	local i
	for i in $(seq 1 600); do
		if [ -p "$dir/ttyS0.in" ] && [ -s "$dir/qemu.pid" ]; then
			# QEMU removes its pid file when it exits: keep the pid.
			cp "$dir/qemu.pid" "$dir/qemu.pid.saved"
			return 0
		fi
		sleep 0.05
	done
	echo "vm_start: QEMU did not start:"; cat "$dir/run.out"
	return 1
}

# vm_stop: kill every QEMU this test started (its whole process group).
vm_stop() {
	local pg
	for pg in "${vm_pgids[@]}"; do
		kill -TERM -- "-$pg" 2>/dev/null || true
	done
	for pg in "${vm_pgids[@]}"; do
		local i
		for i in $(seq 1 50); do
			kill -0 -- "-$pg" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL -- "-$pg" 2>/dev/null || true
	done
	vm_pgids=()
}

# The log file of console A or B of the current VM.
vm_log() {
	case "$1" in
	A) echo "$VM_DIR/A.log" ;;
	B) echo "$VM_DIR/B.log" ;;
	*) echo "$1" ;;
	esac
}

# vm_wait CONSOLE REGEX [TIMEOUT [FAIL_REGEX]]: wait until a line of
# CONSOLE matches REGEX; give up at once when one matches FAIL_REGEX (say
# the scenario's "TK-MARK-FAILED ..." line for the marker awaited). On
# failure, print what was expected and the console's last lines.
vm_wait() {
	local log; log=$(vm_log "$1")
	local re=$2 timeout=${3:-$VM_BOOT_TIMEOUT} fail=${4:-}
	local end=$((SECONDS + timeout))
	while [ "$SECONDS" -lt "$end" ]; do
		if [ -f "$log" ] && grep -qE -- "$re" "$log"; then
			return 0
		fi
		if [ -n "$fail" ] && [ -f "$log" ] && grep -qE -- "$fail" "$log"; then
			echo "console $1 printed /$fail/ instead of /$re/"
			vm_evidence "$1"
			return 1
		fi
		if ! vm_alive; then
			sleep 0.3
			grep -qE -- "$re" "$log" 2>/dev/null && return 0
			echo "QEMU exited before console $1 printed /$re/"
			vm_evidence "$1"
			return 1
		fi
		sleep 0.2
	done
	echo "timeout (${timeout}s) waiting for /$re/ on console $1"
	vm_evidence "$1"
	return 1
}

# vm_ended CONSOLE WORDS: a kernel asked for the machine's end (power off
# or reset; QEMU runs with -no-reboot): QEMU exits by itself within 30 s,
# with status 0 (qemu/run names any other), and CONSOLE shows the kernel's
# last words WORDS ("reboot: Power down", "reboot: Restarting system").
vm_ended() {
	local t
	for t in $(seq 1 150); do
		vm_alive || break
		sleep 0.2
	done
	if vm_alive; then
		echo "QEMU still runs 30 s after the machine's end was asked"
		vm_evidence "$1"; return 1
	fi
	if grep -q "QEMU exited with status" "$VM_DIR/run.out"; then
		echo "QEMU did not exit with status 0:"; cat "$VM_DIR/run.out"; return 1
	fi
	vm_wait "$1" "$2" 1
}

vm_alive() {
	local pid
	pid=$(cat "$VM_DIR/qemu.pid.saved" 2>/dev/null) || return 0
	kill -0 "$pid" 2>/dev/null
}

# vm_send TEXT: type a line on A's console.
vm_send() {
	printf '%s\n' "$*" > "$VM_DIR/ttyS0.in"
}

# vm_type CONSOLE TEXT: type a line on console A (ttyS0) or B (ttyS1),
# through the FIFO DIR/ttyS0.in or DIR/ttyS1.in (qemu/run --headless, or
# the libvirt test's tkcon). Gives up after 10 s (nobody reads the FIFO:
# the console logger is gone).
vm_type() {
	local fifo
	case "$1" in
	A) fifo=$VM_DIR/ttyS0.in ;;
	B) fifo=$VM_DIR/ttyS1.in ;;
	*) echo "vm_type: no console '$1'"; return 1 ;;
	esac
	[ -p "$fifo" ] || { echo "vm_type: no FIFO $fifo to type on console $1"; return 1; }
	timeout 10 bash -c 'printf "%s\n" "$1" > "$2"' vm_type "$2" "$fifo" ||
		{ echo "vm_type: could not type on console $1 ($fifo)"; return 1; }
}

# The images' TEST password for root: the Debian disk image's
# (image/build.sh) and the initramfs' (rootfs/build.sh).
VM_PASSWORD=${TK_PASSWORD:-twin}

# vm_partial CONSOLE: the line CONSOLE has not ended yet (a prompt waiting
# for input), which tkcon keeps in DIR/NAME.partial.
vm_partial() { cat "$VM_DIR/$1.partial" 2>/dev/null; }

# _vm_lines CONSOLE: how many lines CONSOLE's log has now.
_vm_lines() { cat "$(vm_log "$1")" 2>/dev/null | wc -l; }

# _vm_seen CONSOLE FROM ERE: a line of CONSOLE after its first FROM lines
# (without the host's time stamp), or its unfinished line, matches ERE.
_vm_seen() {
	tail -n +"$(($2 + 1))" "$(vm_log "$1")" 2>/dev/null |
		sed -E 's/^[0-9]+\.[0-9]+ //' | grep -qE -- "$3" && return 0
	vm_partial "$1" | grep -qE -- "$3"
}

# A getty's or login's prompt "HOST login: " (not "Last login: ...").
VM_LOGIN_PROMPT_RE='(^|[^A-Za-z0-9._-])[a-z0-9._-]+ login: '

# _vm_login CONSOLE USER PASSWORD TIMEOUT: wait for the login prompt
# (typing an empty line every 5 s without one: a getty prompts again),
# type USER, wait for "Password: ", type PASSWORD, then wait for the
# shell's prompt "USER@HOST:DIR# " (or "$ ") or login's "Login
# incorrect". Returns 0
# (logged in), 2 (Login incorrect), 3 (a shell without a password asked)
# or 1 (anything else); VM_LOGIN_WHY says what happened.
_vm_login() {
	local con=$1 user=$2 pw=$3 end=$((SECONDS + $4)) from nudge start=$SECONDS
	local shell_re="$user@[^ :]+:[^ ]*[#$] "
	VM_LOGIN_WHY="could not type on console $con"
	from=$(_vm_lines "$con") nudge=$((SECONDS + 5))
	until _vm_seen "$con" "$from" "$VM_LOGIN_PROMPT_RE"; do
		if [ "$SECONDS" -ge "$end" ] || ! vm_alive; then
			VM_LOGIN_WHY="no login prompt on console $con within $4 s"
			return 1
		fi
		if [ "$SECONDS" -ge "$nudge" ]; then
			vm_type "$con" "" || return 1
			nudge=$((SECONDS + 5))
		fi
		sleep 0.2
	done
	from=$(_vm_lines "$con")
	vm_type "$con" "$user" || return 1
	until _vm_seen "$con" "$from" 'Password: '; do
		if _vm_seen "$con" "$from" "$shell_re"; then
			VM_LOGIN_WHY="console $con gave $user a shell without asking for a password"
			! _vm_seen "$con" 0 'login: [^ ]+ \(automatic login\)' ||
				VM_LOGIN_WHY="$VM_LOGIN_WHY (agetty --autologin: an image from before the password logins? make image)"
			return 3
		fi
		if [ "$SECONDS" -ge "$end" ] || ! vm_alive; then
			VM_LOGIN_WHY="console $con never asked for $user's password"
			return 1
		fi
		sleep 0.2
	done
	from=$(_vm_lines "$con")
	vm_type "$con" "$pw" || return 1
	while :; do
		if _vm_seen "$con" "$from" 'Login incorrect'; then
			VM_LOGIN_WHY="console $con: Login incorrect for $user after $((SECONDS - start)) s"
			return 2
		fi
		if _vm_seen "$con" "$from" "$shell_re"; then
			VM_LOGIN_WHY="$user logged in on console $con in $((SECONDS - start)) s"
			return 0
		fi
		if [ "$SECONDS" -ge "$end" ] || ! vm_alive; then
			VM_LOGIN_WHY="console $con showed neither a shell prompt /$shell_re/ nor Login incorrect after the password"
			return 1
		fi
		sleep 0.2
	done
}

# vm_login CONSOLE [USER [PASSWORD [TIMEOUT]]]: log in on console A or B
# as a person does: wait for the getty's "login:", type the user name
# (default root), wait for "Password:", type the password (default the
# images' test password, VM_PASSWORD), and wait for the shell's prompt.
# Fails with the console's last lines when login says "Login incorrect",
# when a shell comes without a password asked, or when a step times out
# (TIMEOUT, default 120 s, for all of it).
vm_login() {
	local rc
	_vm_login "$1" "${2:-root}" "${3-$VM_PASSWORD}" "${4:-120}" && rc=0 || rc=$?
	echo "$VM_LOGIN_WHY"
	[ "$rc" = 0 ] && return 0
	vm_evidence "$1"
	return 1
}

# vm_login_refused CONSOLE USER PASSWORD [TIMEOUT]: the same steps with a
# wrong password: login must ask for it, say "Login incorrect" and give no
# shell.
vm_login_refused() {
	local rc
	_vm_login "$1" "$2" "$3" "${4:-120}" && rc=0 || rc=$?
	case $rc in
	2) echo "refused as it should be: $VM_LOGIN_WHY"; return 0 ;;
	0) echo "console $1 ACCEPTED a wrong password for $2: $VM_LOGIN_WHY" ;;
	*) echo "$VM_LOGIN_WHY" ;;
	esac
	vm_evidence "$1"
	return 1
}

# Terminal control sequences a shell may print in front of a command's
# first output line (bash's bracketed paste mode: ESC [?2004l).
VM_CSI="($(printf '\033')\\[[?0-9;]*[A-Za-z])*"
VM_RUN_N=0

# vm_run CONSOLE TIMEOUT COMMAND: type COMMAND (one or more commands, the
# last one's status counts) in the shell logged in on CONSOLE; its output
# (stdout and stderr) comes back as "TAG: line" lines and its status as
# "TAG-rc=N", TAG unique per call (the tag goes through a variable, so the
# echo of the typed line never shows it). Waits for the status; sets
# VM_OUT (the output, one line each) and VM_RC.
vm_run() {
	local con=$1 timeout=$2 cmd=$3 tag log
	VM_RUN_N=$((VM_RUN_N + 1))
	tag=TK-RUN$VM_RUN_N-$con
	log=$(vm_log "$con")
	vm_type "$con" "{ $cmd; } > /tmp/vm.out 2>&1; vm=\$?; t=$tag; sed \"s/^/\$t: /\" /tmp/vm.out; echo \"\$t-rc=\$vm\"" || return 1
	vm_wait "$con" "^[0-9.]+ $VM_CSI$tag-rc=[0-9]+$" "$timeout" || return 1
	VM_RC=$(sed -nE "s/^[0-9.]+ $VM_CSI$tag-rc=([0-9]+)$/\2/p" "$log" | tail -1)
	VM_OUT=$(sed -nE "s/^[0-9.]+ $VM_CSI$tag: //p" "$log")
}

# vm_evidence CONSOLE [N]: the last N lines of a console, and QEMU's errors.
vm_evidence() {
	local log; log=$(vm_log "$1")
	echo "--- last ${2:-25} lines of console $1 ($log):"
	tail -n "${2:-25}" "$log" 2>/dev/null | sed 's/^/    /'
	# Failed test points and markers not reached, wherever they are.
	if grep -qE '^[0-9.]+ (not ok [0-9]+ |TK-MARK-FAILED )' "$log" 2>/dev/null; then
		echo "--- failed test points and markers not reached on console $1:"
		grep -E '^[0-9.]+ (not ok [0-9]+ |TK-MARK-FAILED )' "$log" | head -n 10 | sed 's/^/    /'
	fi
	if [ -s "$VM_DIR/$1.partial" ]; then
		echo "--- console $1's line not ended yet: $(vm_partial "$1" | cat -v)"
	fi
	if [ -s "$VM_DIR/qemu.out" ]; then
		echo "--- qemu.out:"
		tail -n 5 "$VM_DIR/qemu.out" | sed 's/^/    /'
	fi
}

# vm_ktap CONSOLE SCENARIO [TIMEOUT]: the scenario ran to its end and every
# KTAP test point in it passed: its plan line "1..N" came before the first
# test point, exactly N test points numbered 1..N followed, none "not ok",
# then tk_done's "TK-SCENARIO-DONE failed=0" and /init's "TK-SCENARIO-END
# SCENARIO rc=0". A scenario that stops early (it exits, its shell or its
# kernel dies) has fewer points than its plan. On failure: what is wrong
# and the scenario's KTAP lines. A kernel that ran the scenario more than
# once (B after a restart): the last run before the first end counts.
vm_ktap() {
	local log; log=$(vm_log "$1")
	local scen=$2 body verdict
	vm_wait "$1" "TK-SCENARIO-END $scen " "${3:-$VM_BOOT_TIMEOUT}" || return 1
	# The console lines of that run, without the host's time stamps.
	body=$(awk -v s="$scen" '
		{ t = $0; sub(/^[0-9]+\.[0-9]+ /, "", t) }
		# A prompt on the same console (a shell prompt, the getty
		# prompt "login: ", the prompt "Password: " of login) can land
		# in front of a KTAP line: drop it.
		match(t, /([#$]|login:|Password:) (not )?ok [0-9]+ /) {
			t = substr(t, RSTART); sub(/^[^ ]+ /, "", t)
		}
		t == "TK-SCENARIO-START " s { buf = ""; on = 1 }
		on { buf = buf t "\n" }
		on && index(t, "TK-SCENARIO-END " s " ") == 1 { printf "%s", buf; exit }' "$log")
	verdict=$(awk '
		function bad(m) { print m; nbad++ }
		/^1\.\.[0-9]+$/ {
			plans++; if (points) late = 1
			plan = substr($0, 4) + 0; next
		}
		/^(not )?ok [0-9]+( |$)/ {
			n = $0; sub(/^(not )?ok /, "", n); n += 0
			points++
			if (n != points && !misnumbered++)
				bad("test point " points " is numbered " n " (one ran in a subshell, or twice?)")
			if ($1 == "not") failed++
			next
		}
		/^Bail out!/ { bad("the scenario bailed out: " $0) }
		/^TK-SCENARIO-DONE / { done = $0 }
		/^TK-SCENARIO-END / { end = $0 }
		END {
			if (!plans) bad("no KTAP plan line (1..N) before the test points")
			else if (plans > 1) bad(plans " plan lines")
			else if (late) bad("the plan line came after the first test point")
			if (!points) bad("no test points")
			else if (plans && points != plan)
				bad("the plan is 1.." plan " but " points " test points ran" \
				    (points < plan ? ": the scenario stopped early" : ""))
			if (failed) bad(failed " of " points " test points failed")
			if (done == "") bad("no TK-SCENARIO-DONE: the scenario did not reach tk_done")
			else if (done !~ /^TK-SCENARIO-DONE failed=0( |$)/) bad("tk_done says: " done)
			if (end !~ / rc=0$/) bad("the scenario ended with: " end)
			if (!nbad) print "PASS plan 1.." plan ", " points " test points passed"
		}' <<<"$body")
	if [ "${verdict#PASS }" != "$verdict" ]; then
		echo "scenario $scen on console $1: ${verdict#PASS }"
		return 0
	fi
	echo "scenario $scen on console $1 failed; its KTAP lines:"
	grep -E '^(TAP version|1\.\.[0-9]+$|(not )?ok [0-9]+|Bail out!|# plan mismatch|TK-SCENARIO)' \
		<<<"$body" | sed 's/^/    /'
	echo "scenario $scen on console $1 failed:"
	sed 's/^/  - /' <<<"$verdict"
	return 1
}

# vm_hb_gaps CONSOLE ROLE FROM_REGEX TO_REGEX: the heartbeat lines
# "TK-HB ROLE n" of CONSOLE between the first line matching FROM_REGEX and
# the first matching TO_REGEX (empty: the end of the log), by host time. Prints "beats N max GAP p99 GAP"
# (seconds).
vm_hb_gaps() {
	local log; log=$(vm_log "$1")
	awk -v role="$2" -v from="$3" -v to="$4" '
		!on && $0 ~ from { on = 1 }
		on && to != "" && $0 ~ to { exit }
		on && $2 == "TK-HB" && $3 == role {
			if (n) { g = $1 - last; gaps[n] = g; if (g > max) max = g }
			else first = $1
			last = $1; n++
		}
		END {
			m = n - 1
			# insertion sort is fine for a few hundred gaps
			for (i = 2; i <= m; i++) { v = gaps[i]; j = i - 1
				while (j >= 1 && gaps[j] > v) { gaps[j + 1] = gaps[j]; j-- }
				gaps[j + 1] = v }
			p = m > 0 ? gaps[int(m * 0.99) > 0 ? int(m * 0.99) : 1] : 0
			printf "beats %d max %.3f p99 %.3f span %.1f\n", n, max, p, n ? last - first : 0
		}' "$log"
}

# vm_hb_check CONSOLE ROLE FROM TO MIN_SPAN MAX_GAP: fail with the figures
# unless the beats cover at least MIN_SPAN seconds of that console's clock
# with no gap over MAX_GAP. A span, not a count: how often a loaded TCG host
# lets the shell loop beat varies, but a beat missing for MAX_GAP does not.
vm_hb_check() {
	local r max span
	r=$(vm_hb_gaps "$1" "$2" "$3" "$4")
	max=$(echo "$r" | awk '{ print $4 }')
	span=$(echo "$r" | awk '{ print $8 }')
	echo "heartbeat of $2 on console $1 between /$3/ and /$4/: $r"
	if awk -v m="$max" -v lim="$6" -v s="$span" -v min="$5" \
		'BEGIN { exit !(m > lim || s < min) }'; then
		echo "expected beats over at least $5 s and no gap over $6 s"
		vm_evidence "$1" 10
		return 1
	fi
}

# Kernel splats: a kernel message matching VM_SPLAT_RE on any console of
# any VM a test started fails the test (tests/run checks after test_main;
# kernel B runs with lockdep, KASAN and the atomic-sleep check). Only
# kernel messages count (lines with printk's "[ s.uuuuuu]" stamp), not the
# scenarios' own text. A test that crashes a kernel on purpose declares
# what that crash prints with vm_expect_splat.
VM_SPLAT_RE='BUG: |WARNING: (CPU: |possible |inconsistent lock state|suspicious RCU|bad unlock|bad contention|held lock freed|lock held when|Nested lock|chain_key collision|.*lock order detected|.*still has locks held)|KASAN|UBSAN|possible circular locking|possible recursive locking|inconsistent lock state|INFO: task .* blocked|detected stall|hard LOCKUP|soft lockup|Call Trace:|Oops|Kernel panic|general protection fault|kernel BUG at|Unable to handle|DEBUG_LOCKS_WARN_ON|list_(add|del) corruption|refcount_t: |stack-protector|Kernel stack is corrupted|double fault'
VM_SPLAT_EXPECT=()

# vm_expect_splat CONSOLE MARKER_ERE ALLOWED_ERE: on console CONSOLE (A or
# B) of any VM of this test, from a line matching MARKER_ERE (the test's
# deliberate act, say "sysrq: Trigger a crash") until that kernel boots
# again (its next "Linux version" line), splat lines matching ALLOWED_ERE
# are expected. Any other splat, or one outside such a window, fails.
vm_expect_splat() {
	VM_SPLAT_EXPECT+=("$1	$2	$3")
}

# The deliberate ends the tests use, and what each prints (CONSOLE: A or B).
# "echo c > /proc/sysrq-trigger": the panic's stack dump.
vm_expect_sysrq_panic() {
	vm_expect_splat "$1" 'sysrq: Trigger a crash' \
		'Kernel panic - not syncing: sysrq triggered crash|Call Trace:'
}
# lkdtm EXCEPTION (a NULL write) with oops=panic: KASAN's report of the
# write, then the oops and the panic.
vm_expect_lkdtm_oops() {
	vm_expect_splat "$1" 'lkdtm: Performing direct entry EXCEPTION' \
		'BUG: KASAN: null-ptr-deref in lkdtm_EXCEPTION|BUG: kernel NULL pointer dereference|Oops|Call Trace:|Kernel panic - not syncing: Fatal exception'
}
# lkdtm HARDLOCKUP (spins with interrupts off): a hard lockup watchdog, if
# the kernel has one, may say so (not panic: the tests expect a hang).
vm_expect_lkdtm_hardlockup() {
	vm_expect_splat "$1" 'lkdtm: Performing direct entry HARDLOCKUP' \
		'Watchdog detected hard LOCKUP|Call Trace:'
}

# vm_splat_check [DIR]: look for kernel splats in every A.log and B.log
# under DIR (default $T_DIR); print the unexpected ones, fail if any.
vm_splat_check() {
	local dir=${1:-$T_DIR} allow log con out rc=0 nlogs=0
	allow=$(mktemp) || return 1
	# One line at least: awk tells the files apart by FNR == NR.
	{
		echo "# CONSOLE	MARKER	ALLOWED"
		[ ${#VM_SPLAT_EXPECT[@]} -eq 0 ] || printf '%s\n' "${VM_SPLAT_EXPECT[@]}"
	} > "$allow"
	while IFS= read -r log; do
		nlogs=$((nlogs + 1))
		con=$(basename "$log" .log)
		out=$(VM_SPLAT_RE=$VM_SPLAT_RE awk -v con="$con" -v name="${log#"$dir"/}" '
			FNR == NR {
				split($0, f, "\t")
				if (f[1] == con) { n++; mark[n] = f[2]; ok[n] = f[3] }
				next
			}
			{ t = $0; sub(/^[0-9]+\.[0-9]+ /, "", t) }
			t !~ /^\[ *[0-9]+\.[0-9]+\]/ { for (i = 1; i <= n; i++) if (t ~ mark[i]) on[i] = 1; next }
			t ~ /^\[ *[0-9]+\.[0-9]+\] Linux version / { split("", on) }
			{ for (i = 1; i <= n; i++) if (t ~ mark[i]) on[i] = 1 }
			t ~ ENVIRON["VM_SPLAT_RE"] {
				good = 0
				for (i in on) if (t ~ ok[i]) good = 1
				if (good) { expected++; next }
				if (++bad <= 30) printf "    %s:%d: %s\n", name, FNR, t
			}
			END {
				if (bad > 30) printf "    ... %d more\n", bad - 30
				if (bad) exit 1
			}' "$allow" "$log") || {
			[ "$rc" = 1 ] || echo "kernel splats (unexpected; see vm_expect_splat in tests/lib/vm.sh):"
			echo "$out"
			rc=1
		}
	done < <(find "$dir" -name A.log -o -name B.log 2>/dev/null | sort)
	rm -f "$allow"
	[ "$rc" = 0 ] && [ "$nlogs" -gt 0 ] && echo "no unexpected kernel splat in $nlogs console logs"
	return $rc
}
