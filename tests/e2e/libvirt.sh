DESC="libvirt as a user runs it: virtlogd + libvirtd started by hand (private session daemons, no systemd), qemu/libvirt/install (make libvirt) defines twin-kernel and twin-kernel-disk from the repo's XMLs; each started with virsh: root logs in on A's console (telnet 4321; user name and test password), tkctl load + start typed there boot B, root logs in on B's console (telnet 4322) and it answers, tkctl status says running; virsh destroy ends QEMU, undefine leaves no domain, the daemons stop by PID, nothing is left running"
# The consoles are logged by out/tkcon over telnet (A.log, B.log in
# $T_DIR/DOMAIN, as for qemu/run), so tests/lib/vm.sh's helpers and its
# splat check apply. Everything libvirt writes is under a short folder in
# /tmp (its sockets' paths are limited): its logs are copied to
# $T_DIR/libvirtd at the end, and the folder is removed. The artifacts'
# copies (make libvirt's) are in $T_DIR/share, removed at the end too.

LV_PORTS="4321 4322"
LV_DIR='' LV_URI='' LV_QEMU_PID=''
lv_con_pids=() lv_qemu_pids=() lv_daemon_pids=()

# Terminal control sequences a shell may print in front of a command's
# first output line (bash's bracketed paste mode: ESC [?2004l).
LV_CSI="($(printf '\033')\\[[?0-9;]*[A-Za-z])*"

lv_virsh() { LIBVIRT_AUTOSTART=0 virsh -q -c "$LV_URI" "$@"; }

# lv_runs PID: the process exists and is not a zombie (the daemons and
# QEMU are reaped by init, which may take a moment).
lv_runs() {
	kill -0 "$1" 2>/dev/null &&
		[ "$(sed 's/.*) \(.\).*/\1/' "/proc/$1/stat" 2>/dev/null)" != Z ]
}

lv_pid() { cat "$LV_DIR/run/$1.pid" 2>/dev/null; }

# lv_listening PORT: a TCP socket listens on PORT (/proc/net/tcp, state 0A).
lv_listening() {
	awk -v p="$(printf ':%04X' "$1")" \
		'substr($2, length($2) - 4) == p && $4 == "0A" { f = 1 } END { exit !f }' \
		/proc/net/tcp /proc/net/tcp6 2>/dev/null
}
lv_port_free() { ! lv_listening "$1"; }

# lv_ours: the PIDs of processes that name the private libvirt folder in
# their command line (the daemons' PID files, QEMU's paths).
lv_ours() {
	pgrep -f -- "$(printf '%s/' "$LV_DIR" | sed 's/[].[*^$+?(){}|\\]/\\&/g')"
}

# lv_type CONSOLE TEXT: type a line on console A or B (tkcon forwards it
# over telnet).
lv_type() {
	printf '%s\n' "$2" > "$VM_DIR/ttyS$([ "$1" = A ] && echo 0 || echo 1).in"
}

# lv_run CONSOLE TAG TIMEOUT COMMAND: type COMMAND on CONSOLE so that its
# output comes back as "TAG: line" lines and its exit status as "TAG-rc=N";
# wait for the status (printed by the guest's shell, not the echo of the
# typing). Sets LV_OUT (the output) and LV_RC.
lv_run() {
	local con=$1 tag=$2 timeout=$3 cmd=$4 log
	log=$(vm_log "$con")
	# The tag goes through a variable: the echo of the typed line never
	# shows "TAG: " or "TAG-rc=", only the shell's output does.
	lv_type "$con" "$cmd > /tmp/lv.out 2>&1; lv=\$?; t=$tag; sed \"s/^/\$t: /\" /tmp/lv.out; echo \"\$t-rc=\$lv\""
	vm_wait "$con" "^[0-9.]+ $LV_CSI$tag-rc=[0-9]+$" "$timeout" || return 1
	LV_RC=$(sed -nE "s/^[0-9.]+ $LV_CSI$tag-rc=([0-9]+)$/\2/p" "$log" | tail -1)
	LV_OUT=$(sed -nE "s/^[0-9.]+ $LV_CSI$tag: //p" "$log")
}

# lv_expect CONSOLE TAG TIMEOUT COMMAND: lv_run, and the command succeeds.
lv_expect() {
	lv_run "$@" || return 1
	echo "$1: $4 -> exit $LV_RC"
	[ -z "$LV_OUT" ] || sed 's/^/    /' <<<"$LV_OUT"
	[ "$LV_RC" = 0 ] && return 0
	echo "$4 failed on console $1 (exit $LV_RC)"
	vm_evidence "$1"
	return 1
}

# lv_answers CONSOLE REGEX TIMEOUT: the console's shell runs what is typed:
# type a command until its computed output matching REGEX shows.
lv_answers() {
	local con=$1 re=$2 end=$((SECONDS + $3)) n=0
	while [ "$SECONDS" -lt "$end" ]; do
		n=$((n + 1))
		# shellcheck disable=SC2016 # expanded by the guest's shell
		lv_type "$con" 'echo TK-ANSWER-$((6*7)) $(uname -r) $(hostname)'
		sleep 3
		if grep -qE "^[0-9.]+ ${LV_CSI}TK-ANSWER-42 $re" "$(vm_log "$con")"; then
			echo "console $con answers ($n tries): $(grep -E "^[0-9.]+ ${LV_CSI}TK-ANSWER-42 $re" "$(vm_log "$con")" | head -1 | cut -d' ' -f2- | sed -E "s/$LV_CSI//g")"
			return 0
		fi
		vm_alive || break
	done
	echo "console $con never ran what was typed (wanted /TK-ANSWER-42 $re/)"
	vm_evidence "$con"
	return 1
}

# lv_boot DOMAIN: virsh start, then log both consoles over telnet.
lv_boot() {
	local d=$1 c
	VM_DIR=$T_DIR/$d
	mkdir -p "$VM_DIR"
	for c in $LV_PORTS; do
		lv_port_free "$c" || { echo "port $c is taken before $d starts:"; ss -ltnp 2>/dev/null | grep ":$c " | sed 's/^/    /'; return 1; }
	done
	# QEMU's log (its command line, its errors) where vm_evidence looks.
	ln -sf "$LV_DIR/cache/libvirt/qemu/log/$d.log" "$VM_DIR/qemu.out"
	lv_virsh start "$d" || { echo "virsh start $d failed"; tail -5 "$LV_DIR/libvirtd.log"; return 1; }
	LV_QEMU_PID=$(cat "$LV_DIR/run/libvirt/qemu/run/$d.pid" 2>/dev/null)
	if [ -z "$LV_QEMU_PID" ] || ! lv_runs "$LV_QEMU_PID"; then
		echo "virsh start $d: no QEMU running (PID file: '$LV_QEMU_PID')"
		tail -5 "$VM_DIR/qemu.out"
		return 1
	fi
	lv_qemu_pids+=("$LV_QEMU_PID")
	for c in $LV_PORTS; do
		lv_listening "$c" || { echo "nothing listens on port $c after virsh start $d (the consoles are telnet servers on $LV_PORTS)"; tail -8 "$VM_DIR/qemu.out"; return 1; }
	done
	echo "$LV_QEMU_PID" > "$VM_DIR/qemu.pid.saved"	# for vm_alive
	echo "virsh start $d: QEMU PID $LV_QEMU_PID, user $(ps -o user= -p "$LV_QEMU_PID")"
	for c in A B; do
		mkfifo "$VM_DIR/ttyS$([ $c = A ] && echo 0 || echo 1).in"
	done
	setsid "$TOP/out/tkcon" -d "$VM_DIR" -i A -f "$VM_DIR/ttyS0.in" \
		A=telnet:127.0.0.1:4321 > "$VM_DIR/tkcon-A.out" 2>&1 &
	lv_con_pids+=("$!")
	setsid "$TOP/out/tkcon" -d "$VM_DIR" -i B -f "$VM_DIR/ttyS1.in" \
		B=telnet:127.0.0.1:4322 > "$VM_DIR/tkcon-B.out" 2>&1 &
	lv_con_pids+=("$!")
}

# lv_twin DOMAIN: in A's shell, tkctl load + start; B's shell answers on
# its console; tkctl status in A says running (B's side too).
lv_twin() {
	local d=$1 n
	lv_expect A TK-CMDLINE 30 "cat /proc/cmdline" || return 1
	local p
	for p in twinkernel=256M pci_dev_flags=1af4:1000:b; do
		case " $LV_OUT " in
		*" $p "*) ;;
		*) echo "$d: A's command line lacks $p"; return 1 ;;
		esac
	done
	lv_expect A TK-LOAD 120 "tkctl load --kernel /boot/bzImage-b --initrd /boot/initramfs-b.cpio.gz --cmdline 'console=ttyS1,115200 tk.role=B' --pci 00:04.0" || return 1
	lv_expect A TK-START 120 "tkctl start" || return 1
	vm_wait B "TK-INIT role=B kernel=[^ ]+-tk-b " 240 || return 1
	vm_login B root "$VM_PASSWORD" 240 || return 1
	lv_answers B "[^ ]+-tk-b tk-b$" 120 || return 1
	# The virtio-net NIC in slot 4 is B's, and only B's.
	lv_expect B TK-BPCI 60 "ls /sys/bus/pci/devices" || return 1
	[ "$LV_OUT" = 0000:00:04.0 ] || { echo "$d: B's PCI devices are not just 0000:00:04.0"; return 1; }
	lv_expect A TK-APCI 60 "ls /sys/bus/pci/devices" || return 1
	! grep -qx 0000:00:04.0 <<<"$LV_OUT" || { echo "$d: A still has 0000:00:04.0"; return 1; }
	# B's own report in the shared page may lag its console a little.
	for n in 1 2 3 4 5 6 7 8 9 10; do
		lv_run A "TK-STATUS$n" 60 "tkctl status" || return 1
		grep -qE '^state: +running$' <<<"$LV_OUT" &&
			grep -qE '^b-state: +running$' <<<"$LV_OUT" && break
		sleep 3
	done
	sed 's/^/    /' <<<"$LV_OUT"
	if ! grep -qE '^state: +running$' <<<"$LV_OUT" || ! grep -qE '^b-state: +running$' <<<"$LV_OUT"; then
		echo "$d: tkctl status in A never said state: running and b-state: running"
		return 1
	fi
	grep -qE '^mem-size: +268435456 \(256 MiB\)$' <<<"$LV_OUT" ||
		{ echo "$d: tkctl status in A does not say mem-size 256 MiB"; return 1; }
	echo "$d: tkctl status in A: state running, b-state running, mem-size 256 MiB"
}

# lv_destroy DOMAIN: virsh destroy ends QEMU and frees the telnet ports.
lv_destroy() {
	local d=$1 i c
	lv_virsh destroy "$d" || { echo "virsh destroy $d failed"; return 1; }
	for i in $(seq 1 100); do
		lv_runs "$LV_QEMU_PID" || break
		sleep 0.1
	done
	if lv_runs "$LV_QEMU_PID"; then
		echo "QEMU (PID $LV_QEMU_PID) still runs 10 s after virsh destroy $d:"
		ps -o pid,user,args -p "$LV_QEMU_PID" | cut -c1-200
		return 1
	fi
	[ "$(lv_virsh domstate "$d")" = "shut off" ] ||
		{ echo "$d after destroy: $(lv_virsh domstate "$d")"; return 1; }
	for c in $LV_PORTS; do
		lv_port_free "$c" || { echo "port $c still open after virsh destroy $d"; return 1; }
	done
	echo "virsh destroy $d: QEMU PID $LV_QEMU_PID gone, ports $LV_PORTS closed, domain shut off"
}

lv_test() {
	local b d x share
	for b in virsh libvirtd virtlogd; do
		command -v "$b" >/dev/null ||
			{ echo "missing $b: run 'make deps' as root (libvirt-clients, libvirt-daemon)"; return 1; }
	done
	[ -f "$TOP/out/debian-12.img" ] ||
		{ echo "missing out/debian-12.img (twin-kernel-disk boots it): run 'make image' as root"; return 1; }

	"$TOP/qemu/libvirt/daemon" start "$LV_DIR" || return 1
	LV_URI=$("$TOP/qemu/libvirt/daemon" uri "$LV_DIR")
	for b in virtlogd libvirtd; do
		if [ -z "$(lv_pid $b)" ] || ! lv_runs "$(lv_pid $b)"; then
			echo "$b is not running after daemon start"; return 1
		fi
		lv_daemon_pids+=("$(lv_pid $b)")
	done
	lv_virsh list --all --name | grep -q . &&
		{ echo "a fresh private daemon already has domains:"; lv_virsh list --all; return 1; }

	# make libvirt, into a folder the daemon's user owns (the copies
	# belong to the folder's owner: QEMU writes the disk image).
	share=$T_DIR/share
	mkdir -p "$share"
	chown --reference="$LV_DIR/run" "$share"
	"$TOP/qemu/libvirt/install" --dir "$share" --uri "$LV_URI" || return 1
	for d in twin-kernel twin-kernel-disk; do
		# What runs is the repo's XML; only its folder differs.
		if ! x=$(diff <(sed "s|$share/|/var/lib/twin-kernel/|g" "$share/$d.xml") "$TOP/qemu/libvirt/$d.xml"); then
			echo "$share/$d.xml is not qemu/libvirt/$d.xml with the folder changed:"
			echo "$x" | sed 's/^/    /'
			return 1
		fi
		[ "$(lv_virsh domstate "$d")" = "shut off" ] ||
			{ echo "$d is not defined (shut off) after install"; lv_virsh list --all; return 1; }
	done
	echo "defined from the repo's XMLs: $(lv_virsh list --all --name | tr '\n' ' ')"

	# The initramfs domain.
	lv_boot twin-kernel || return 1
	vm_wait A "TK-INIT role=A kernel=[^ ]+-tk-a " 120 || return 1
	vm_login A root "$VM_PASSWORD" 240 || return 1
	lv_answers A "[^ ]+-tk-a tk-a$" 60 || return 1
	lv_twin twin-kernel || return 1
	lv_destroy twin-kernel || return 1

	# The disk domain: A from the Debian image, B from the image's /boot.
	lv_boot twin-kernel-disk || return 1
	vm_login A root "$VM_PASSWORD" 300 || return 1
	lv_answers A "[^ ]+-tk-a tk-a$" 60 || return 1
	vm_wait A 'root@tk-a:~# ' 1 || { echo "no Debian root prompt on A's console"; return 1; }
	lv_twin twin-kernel-disk || return 1
	lv_destroy twin-kernel-disk || return 1

	# Nothing left: no domain, no definition file, no daemon, no process.
	for d in twin-kernel twin-kernel-disk; do
		lv_virsh undefine "$d" || { echo "virsh undefine $d failed"; return 1; }
	done
	if lv_virsh list --all --name | grep -q .; then
		echo "domains left after undefine:"; lv_virsh list --all; return 1
	fi
	if ls "$LV_DIR"/config/libvirt/qemu/*.xml 2>/dev/null; then
		echo "definition files left after undefine (above)"; return 1
	fi
	local lpid vpid
	lpid=$(lv_pid libvirtd) vpid=$(lv_pid virtlogd)
	"$TOP/qemu/libvirt/daemon" stop "$LV_DIR" || return 1
	for b in "libvirtd:$lpid" "virtlogd:$vpid"; do
		if lv_runs "${b#*:}"; then
			echo "${b%%:*} (PID ${b#*:}) still runs after daemon stop"; return 1
		fi
	done
	x=$(lv_ours) && { echo "processes left that use $LV_DIR:"; ps -o pid,user,args -p "${x//$'\n'/,}" | cut -c1-200; return 1; }
	for b in "${lv_qemu_pids[@]}"; do
		! lv_runs "$b" || { echo "QEMU PID $b still runs"; return 1; }
	done
	echo "undefined both; libvirtd (PID $lpid) and virtlogd (PID $vpid) stopped; no process uses $LV_DIR, no QEMU of the test runs"
}

# lv_cleanup: whatever a failure left: domains, QEMU, daemons, consoles;
# then keep libvirt's logs in $T_DIR/libvirtd and remove the private
# folder and the artifacts' copies (the disk image is 2 GiB sparse).
lv_cleanup() {
	local p f
	[ -n "$LV_DIR" ] && [ -d "$LV_DIR" ] || return 0
	if [ -n "$(lv_pid libvirtd)" ] && lv_runs "$(lv_pid libvirtd)"; then
		for p in $(lv_virsh list --name 2>/dev/null); do
			lv_virsh destroy "$p" > /dev/null 2>&1 && echo "cleanup: destroyed $p"
		done
	fi
	for p in "${lv_qemu_pids[@]}"; do
		lv_runs "$p" || continue
		echo "cleanup: killing QEMU PID $p"
		kill -KILL "$p" 2>/dev/null
	done
	"$TOP/qemu/libvirt/daemon" stop "$LV_DIR" 2>&1 | sed 's/^/cleanup: /'
	# Not only through the helper under test: its stop may be what failed.
	for p in "${lv_daemon_pids[@]}"; do
		lv_runs "$p" || continue
		echo "cleanup: killing daemon PID $p"
		kill -KILL "$p" 2>/dev/null
	done
	for p in "${lv_con_pids[@]}"; do
		kill -TERM -- "-$p" 2>/dev/null
	done
	lv_con_pids=() lv_qemu_pids=() lv_daemon_pids=()
	mkdir -p "$T_DIR/libvirtd"
	cp "$LV_DIR"/*.log "$LV_DIR"/cache/libvirt/qemu/log/*.log "$T_DIR/libvirtd/" 2>/dev/null
	for f in "$T_DIR"/*/qemu.out; do
		[ -L "$f" ] || continue
		p=$(basename "$(readlink "$f")")
		rm -f "$f"
		[ ! -f "$T_DIR/libvirtd/$p" ] || cp "$T_DIR/libvirtd/$p" "$f"
	done
	rm -rf "$LV_DIR" "$T_DIR/share"
	LV_DIR=''
}

test_main() {
	local rc=0
	LV_DIR=$(mktemp -d /tmp/tk-libvirt.XXXXXX) || return 1
	chmod 0755 "$LV_DIR"	# the daemons' user goes through it
	# A signal (tests/run's TERM/INT traps exit) must not leave the
	# daemons or QEMU behind either: they are not in vm_stop's groups.
	trap 'lv_cleanup; vm_stop' EXIT
	lv_test || rc=1
	lv_cleanup
	return $rc
}
