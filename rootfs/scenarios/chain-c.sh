# Scenario "chain-c": kernel C of the chain (chain.sh).
TK_LEVEL=2
. /etc/tk/scenarios/chain.sh
