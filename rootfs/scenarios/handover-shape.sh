# Scenario "handover-shape" (kernel A, any machine; tk.bcpu=N the CPU B
# starts on, tk.ncpus and tk.memmib the machine's CPUs and RAM, tk.end=hold):
# B boots beside A on CPU N with no device, then takes the machine over;
# handover-shape-b checks it has all of it. The e1000 and the SMBus
# controller (INTx) stay behind.
. /etc/tk/lib.sh
B_CMDLINE="console=ttyS1,115200 tk.role=B tk.test=handover-shape-b tk.ncpus=$TK_NCPUS tk.memmib=$TK_MEMMIB tk.fill=${TK_FILL:-70} tk.finish=${TK_FINISH:-poweroff}"
tk_plan 4
tk_check "tkctl load (CPU $TK_BCPU, no device for B)" tkctl load --kernel /boot/bzImage-b \
	--initrd /boot/initramfs-b.cpio.gz --cmdline "$B_CMDLINE" --cpu "$TK_BCPU"
tk_check "tkctl start" tkctl start
tk_check "B runs" tk_wait_b_running
tk_check "the channel is up" tk_wait_chan_up
tk_done
(sleep 1; echo "TK-HANDOVER-START"; tkctl handover --leave 00:03.0,00:1f.3) &
