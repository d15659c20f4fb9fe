#!/usr/bin/env bash
# Runs every test: unit, simulator, cache (real redis-server), dashboard (AppTest)
# and browser tests (Playwright driving Debian's Chromium). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
MICROTASK_DEV=1 bash scripts/setup.sh chromium redis-server
exec .venv/bin/python -m pytest "$@"
