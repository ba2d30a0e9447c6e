# Scenario "upgrade-hop3": hop 3 of a chain of upgrades (upgrade-hop.sh).
TK_HOP=3
. /etc/tk/scenarios/upgrade-hop.sh
