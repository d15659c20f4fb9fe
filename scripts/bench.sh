#!/usr/bin/env bash
# Throughput benchmark against the simulator (about 12 minutes with the baseline).
# Extra arguments go to benchmarks/throughput.py, e.g. --baseline-articles 100.
set -euo pipefail
cd "$(dirname "$0")/.."
MICROTASK_DEV=1 bash scripts/setup.sh
exec .venv/bin/python -m benchmarks.throughput "$@"
