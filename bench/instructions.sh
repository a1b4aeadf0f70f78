#!/usr/bin/env bash
# Deterministic engine cost: CPU instructions per random game, counted by valgrind's
# callgrind (whatever else the machine is doing). Wall-clock numbers on shared VMs swing by
# ±30% between runs; use this to compare two versions of the engine.
#   bench/instructions.sh [games]     (default 10 games; ~1 minute)
set -euo pipefail
cd "$(dirname "$0")/.."
games=${1:-10}
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install -y valgrind)"; exit 2; }
count() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null .venv/bin/python - "$1" <<'PY' 2>&1 \
    | grep -o 'Collected : [0-9]*' | grep -o '[0-9]*'
import sys
sys.path.insert(0, "bench")
from engine_bench import random_game
from mantimon.engine import default_pool
default_pool()
for seed in range(int(sys.argv[1])):
    random_game("mantimon", seed)
PY
}
base=$(count 0)
total=$(count "$games")
echo "mantimon random-vs-random: $(( (total - base) / games )) instructions per game ($games games)"
