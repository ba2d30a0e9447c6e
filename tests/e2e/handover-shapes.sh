DESC="handover on other machine shapes: (1) q35, 2 CPUs, 1 GiB, twinkernel=128M placed by A, B on CPU 1 (no CPU to move before the retire); (2) q35, 3 CPUs, 3 GiB (1 GiB of it above 4 GiB), twinkernel=256M@1600M (not on block boundaries), B on CPU 2; (3) q35, 8 CPUs, 8 GiB (6 GiB above 4 GiB), twinkernel=512M, B on CPU 5. Each time B ends with all the CPUs, MemTotal >= 90% of the RAM, 70% of its free memory (20% on the 8 GiB machine) written and read back, and powers the machine off (the first one resets it: reboot -f, and QEMU -no-reboot exits with status 0)"

# shape NAME SMP MEM_MIB TWINKERNEL BCPU FILL_PERCENT poweroff|reboot
shape() {
	vm_start "$1" --machine q35 --smp "$2" --mem "${3}M" \
		--append "twinkernel=$4 tk.test=handover-shape tk.end=hold tk.bcpu=$5 tk.ncpus=$2 tk.memmib=$3 tk.fill=$6 tk.finish=$7" || return 1
	vm_ktap A handover-shape 300 || return 1
	vm_ktap B handover-shape-b 600 || return 1
	# B ends the machine by the facts A handed over, in its own words.
	if [ "$7" = reboot ]; then
		vm_ended B "reboot: Restarting system" || return 1
	else
		vm_ended B "reboot: Power down" || return 1
	fi
	grep -h "kernel A retired" "$VM_DIR/B.log"
	vm_stop
}

test_main() {
	local VM_MAX_SECONDS=900
	shape small 2 1024 128M 1 70 reboot || return 1
	shape offset 3 3072 256M@1600M 2 70 poweroff || return 1
	# The widest: every CPU B can have (NR_CPUS 8 in config b).
	shape big 8 8192 512M 5 20 poweroff || return 1
}
