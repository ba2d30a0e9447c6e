# Scenario "chain-d": kernel D of the chain (chain.sh).
TK_LEVEL=3
. /etc/tk/scenarios/chain.sh
