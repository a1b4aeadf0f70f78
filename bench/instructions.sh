#!/usr/bin/env bash
# Deterministic engine cost: CPU instructions per random game, counted by valgrind's
# callgrind (whatever else the machine is doing). Wall-clock numbers on shared VMs swing by
# ±30% between runs; use this to compare two versions of the engine.
#   bench/instructions.sh [games] [step]     (default 10 games; ~1 minute)
# With "step", each game goes through the server's per-action path (bench/step_bench.py:
# apply, the action's events, both players' views, orjson) instead of apply + legal only.
set -euo pipefail
export PYTHONHASHSEED=0  # the same string hashes every run: counts repeat exactly
cd "$(dirname "$0")/.."
games=${1:-10}
mode=${2:-engine}
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install -y valgrind)"; exit 2; }
count() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null .venv/bin/python - "$1" "$mode" <<'PY' 2>&1 \
    | grep -o 'Collected : [0-9]*' | grep -o '[0-9]*'
import sys
sys.path.insert(0, "bench")
from mantimon.engine import default_pool
if sys.argv[2] == "step":
    from step_bench import step_game as play
else:
    from engine_bench import random_game
    def play(seed): return random_game("mantimon", seed)
default_pool()
for seed in range(int(sys.argv[1])):
    play(seed)
PY
}
base=$(count 0)
total=$(count "$games")
if [ "$mode" = step ]; then what="server step path"; else what="random-vs-random"; fi
echo "mantimon $what: $(( (total - base) / games )) instructions per game ($games games)"
