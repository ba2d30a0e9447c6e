# Scenario "upgrade-hop1": hop 1 of a chain of upgrades (upgrade-hop.sh).
TK_HOP=1
. /etc/tk/scenarios/upgrade-hop.sh
