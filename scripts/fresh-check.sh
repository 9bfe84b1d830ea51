#!/usr/bin/env bash
# The suite as a fresh machine meets it: a clean clone of HEAD in a temporary
# folder, a new virtual environment, pressroom installed from a built wheel (not
# editable) with its test extras, then the README's test command. Catches what a
# developer's own machine hides: an untracked file, a package installed by hand,
# a subpackage or data file the wheel leaves out.
#
#   bash scripts/fresh-check.sh [RUNS]     RUNS: how many times to run the suite (default 1)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-1}"
work="$(mktemp -d "${TMPDIR:-/tmp}/pressroom-fresh.XXXXXX")"
trap 'rm -rf "$work"' EXIT

git clone --quiet "$here" "$work/clone"
cd "$work/clone"
echo "fresh-check: $(git log -1 --format='%h %s') in $work/clone"

# System packages, the printer's default profile and veraPDF, as CI installs them;
# the editable install setup.sh ends with is replaced below by the wheel.
PRESSROOM_SKIP_PIP=1 bash scripts/setup.sh

python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install -q --disable-pip-version-check build
"$work/venv/bin/python" -m build -q --wheel --outdir "$work/dist" . >/dev/null
wheel="$(ls "$work"/dist/pressroom-*.whl)"
"$work/venv/bin/python" -m pip install -q --disable-pip-version-check "$wheel[test]"
echo "fresh-check: installed $(basename "$wheel")"

# The tests must import the installed wheel, not the clone's sources.
mv pressroom "$work/sources-not-importable"
for run in $(seq 1 "$runs"); do
  echo "fresh-check: run $run of $runs"
  PATH="$work/venv/bin:$PATH" PRESSROOM_WHEEL="$wheel" PRESSROOM_SOURCES="$work/sources-not-importable" python3 -m pytest -p no:cacheprovider -q
done
mv "$work/sources-not-importable" pressroom
echo "fresh-check: passed $runs time(s)"
