#!/usr/bin/env bash
# Starts the dashboard on http://localhost:8501 (set PORT to change it).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/streamlit run app.py --server.port "${PORT:-8501}" "$@"
