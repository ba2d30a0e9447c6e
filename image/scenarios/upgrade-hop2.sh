# Scenario "upgrade-hop2": hop 2 of a chain of upgrades (upgrade-hop.sh).
TK_HOP=2
. /etc/tk/scenarios/upgrade-hop.sh
