#!/usr/bin/env bash
# Run the API's core suites on the other supported Pythons (3.10 = Ubuntu 22.04, 3.12 = Ubuntu 24.04).
# Uses pyenv's interpreters when present (they are on this kind of machine); fails loudly otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
for version in 3.10 3.12; do
    interpreter=""
    if command -v pyenv >/dev/null && pyenv prefix "$version" >/dev/null 2>&1; then
        interpreter="$(pyenv prefix "$version" | head -1)/bin/python3"
    elif command -v "python$version" >/dev/null && "python$version" --version >/dev/null 2>&1; then
        interpreter="$(command -v "python$version")"
    fi
    if [[ -z $interpreter ]]; then
        echo "other-pythons: Python $version not found (install it, e.g. with pyenv)" >&2
        exit 1
    fi
    venv=".venv-$version"
    [[ -x $venv/bin/python ]] || "$interpreter" -m venv "$venv"
    # Install only when the requirements changed since this venv was last set up.
    stamp="$venv/.requirements.sha256"
    wanted=$(cat requirements.txt requirements-dev.txt | sha256sum)
    if [[ ! -f $stamp || $(cat "$stamp") != "$wanted" ]]; then
        "$venv/bin/pip" install --quiet -r requirements-dev.txt
        echo "$wanted" > "$stamp"
    fi
    echo "== Python $("$venv/bin/python" --version)"
    "$venv/bin/pytest" -q -p no:cacheprovider -n 2 tests/test_auth.py tests/test_posts.py tests/test_search.py \
        tests/test_uploads.py tests/test_cli.py tests/test_chat_api.py
done
