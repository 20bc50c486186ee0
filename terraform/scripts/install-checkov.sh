#!/usr/bin/env bash
# Install the pinned checkov (requirements-checkov.txt) into its own virtualenv,
# where tests/infra/test_terraform.py looks for it:
#
#   terraform/scripts/install-checkov.sh        # -> ~/.cache/portal/checkov-venv
#   CHECKOV_VENV=/some/dir terraform/scripts/install-checkov.sh
#
# checkov pins boto3 exactly, so it cannot live in the portal's .venv.
# Re-running is cheap: pip leaves a satisfied pin alone.
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
requirements="$(dirname "$script_dir")/requirements-checkov.txt"
venv=${CHECKOV_VENV:-$HOME/.cache/portal/checkov-venv}
python=${PYTHON:-python3}

if [[ ! -x $venv/bin/python ]]; then
  "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
echo "checkov $("$venv/bin/checkov" --version) at $venv/bin/checkov"
