# Scenario "stress-b" (kernel B): end this kernel the way kernel A asks
# over the channel. A sends "end I KIND DELAY" (KIND as crash.sh's
# tk.crash=, "none" to stay up); B confirms with "ending I KIND DELAY",
# which tells A that B's init ran, and says so on its console. Used by
# make stress (stress.sh) and by the lifecycle test's clean stop.
. /etc/tk/scenarios/chan-lib.sh
chan_wait_up 60 || { echo "TK-STRESS-B no channel"; exit 1; }
m=$(tkctl recv -n 1 --timeout 300) || { echo "TK-STRESS-B no order from A"; exit 1; }
set -- $m
[ "$1" = end ] && [ $# = 4 ] || { echo "TK-STRESS-B bad order: $m"; exit 1; }
echo "TK-STRESS-B cycle $2: $3 after ${4}s"
tkctl send "ending $2 $3 $4" || exit 1
TK_CRASH=$3 TK_CRASH_AFTER=$4 exec sh /etc/tk/scenarios/crash.sh
