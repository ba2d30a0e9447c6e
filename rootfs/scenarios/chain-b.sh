# Scenario "chain-b": kernel B of the chain (chain.sh).
TK_LEVEL=1
. /etc/tk/scenarios/chain.sh
