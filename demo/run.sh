#!/usr/bin/env bash
# The demo on a fresh machine, in one command: sets up .venv (if missing), trains a small
# CNN and an MLP while logging them with add_model_viz to runs/, adds four runs with
# planted training problems (demo/signals.py), then serves TensorBoard.
#
#   bash demo/run.sh [--port 6006] [--host 127.0.0.1] [--logdir runs]
#
# Environment: PYTHON (interpreter that creates the venv, default python3), VENV (default .venv).
set -euo pipefail

port=6006
host=127.0.0.1
logdir=runs
while [ $# -gt 0 ]; do
    case "$1" in
        --port) port="${2:?--port needs a value}"; shift 2 ;;
        --host) host="${2:?--host needs a value}"; shift 2 ;;
        --logdir) logdir="${2:?--logdir needs a value}"; shift 2 ;;
        -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
        *) echo "demo/run.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
    esac
done

cd "$(dirname "$0")/.."
venv="${VENV:-.venv}"
if [ ! -x "$venv/bin/python" ]; then
    echo "Creating $venv"
    "${PYTHON:-python3}" -m venv "$venv"
fi
# The torch version is pinned: an unpinned install can pull gigabytes of GPU libraries.
"$venv/bin/python" -m pip install --quiet torch==2.13.0
"$venv/bin/python" -m pip install --quiet -e ".[demo]"

"$venv/bin/python" demo/train.py --logdir "$logdir"
# Runs with planted problems (too high a learning rate, vanishing gradients, a layer left
# out of the optimizer) next to a healthy one, for the Trends and Alerts views.
"$venv/bin/python" demo/signals.py --logdir "$logdir"

echo
echo "Open http://$host:$port/#modelviz in a browser (Ctrl-C stops TensorBoard)."
exec "$venv/bin/tensorboard" --logdir "$logdir" --host "$host" --port "$port"
