#!/usr/bin/env bash
# Installs what pressroom needs on a fresh Debian machine: the system libraries
# WeasyPrint renders with, the tools the tests read PDFs with, and the Python
# package itself (editable, with its test extras). Safe to run again: it skips
# what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig  # WeasyPrint
  poppler-utils qpdf                                               # pdftoppm, pdffonts, qpdf --check
)
missing=()
for package in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi

python3 -m pip install -q --disable-pip-version-check -e '.[test]'
