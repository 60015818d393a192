#!/usr/bin/env bash
# Create .venv and install transalign with what the tests need.
#
# torch is installed first, on its own, so that pip never resolves it as a side
# effect of another package (which on Linux pulls the CUDA build, several GB):
#   - a machine with an NVIDIA GPU (nvidia-smi works) gets PyPI's default build (CUDA);
#   - any other machine gets TORCH_SPEC (default torch==2.13.0: on the project's CPU
#     machines pip's find-links serve the local CPU wheel for exactly this pin). Elsewhere
#     set TORCH_INDEX=https://download.pytorch.org/whl/cpu for a CPU-only build.
# Re-running is cheap: a stamp file records the pyproject.toml it was made from.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
VENV="${VENV:-.venv}"
EXTRAS="${EXTRAS:-test}"
TORCH_SPEC="${TORCH_SPEC:-torch==2.13.0}"
TORCH_INDEX="${TORCH_INDEX:-}"
stamp="$VENV/.transalign-stamp"
want="$(cat pyproject.toml scripts/setup_venv.sh | sha256sum | cut -c1-16) $EXTRAS"

if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    exit 0
fi
if [[ ! -x "$VENV/bin/python" ]]; then
    "$PYTHON" -m venv "$VENV"
fi
pip=("$VENV/bin/python" -m pip --disable-pip-version-check -q)
if ! "$VENV/bin/python" -c "import torch" 2>/dev/null; then
    if command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L >/dev/null 2>&1; then
        echo "setup: NVIDIA GPU found: installing PyPI's default (CUDA) torch" >&2
        "${pip[@]}" install "torch>=2.1"
    elif [[ -n "$TORCH_INDEX" ]]; then
        echo "setup: installing $TORCH_SPEC from $TORCH_INDEX" >&2
        "${pip[@]}" install "$TORCH_SPEC" --index-url "$TORCH_INDEX"
    else
        echo "setup: no GPU: installing $TORCH_SPEC (CPU wheel where one is served)" >&2
        "${pip[@]}" install "$TORCH_SPEC"
    fi
fi
"${pip[@]}" install -e ".[${EXTRAS}]"
echo "$want" > "$stamp"
