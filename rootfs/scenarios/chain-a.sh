# Scenario "chain-a": kernel A of the chain (chain.sh).
TK_LEVEL=0
. /etc/tk/scenarios/chain.sh
