DESC="handover on other machine shapes: (1) q35, 2 CPUs, 1 GiB, twinkernel=128M placed by A, B on CPU 1 (no CPU to move before the retire); (2) q35, 3 CPUs, 3 GiB (1 GiB of it above 4 GiB), twinkernel=256M@1600M (not on block boundaries), B on CPU 2. Each time B ends with all the CPUs, MemTotal >= 90% of the RAM, 70% of its free memory written and read back, and powers off"

# shape NAME SMP MEM_MIB TWINKERNEL BCPU
shape() {
	local t
	vm_start "$1" --machine q35 --smp "$2" --mem "${3}M" \
		--append "twinkernel=$4 tk.test=handover-shape tk.end=hold tk.bcpu=$5 tk.ncpus=$2 tk.memmib=$3" || return 1
	vm_ktap A handover-shape 300 || return 1
	vm_ktap B handover-shape-b 600 || return 1
	for t in $(seq 1 150); do
		vm_alive || break
		sleep 0.2
	done
	if vm_alive; then
		echo "$1: QEMU still runs 30 s after B's poweroff"; vm_evidence B; return 1
	fi
	grep -h "kernel A retired" "$VM_DIR/B.log"
	vm_stop
}

test_main() {
	shape small 2 1024 128M 1 || return 1
	shape offset 3 3072 256M@1600M 2 || return 1
}
