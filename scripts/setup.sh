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
  libgs-common                                                     # the default CMYK output intent
  chromium                                                         # the catalogue's browser test
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

# The printer's CMYK profile. The default is Ghostscript's "Artifex CMYK SWOP"
# profile from Debian (AGPL-3.0-or-later), copied with its licence statement
# rather than committed; a printer's own profile goes in styles/profiles/ and is
# named in pressroom.yaml (print.output_intent).
mkdir -p styles/profiles
if [ ! -f styles/profiles/default_cmyk.icc ]; then
  cp /usr/share/color/icc/ghostscript/default_cmyk.icc styles/profiles/default_cmyk.icc
  cp /usr/share/doc/libgs-common/copyright styles/profiles/default_cmyk.copyright
fi

# veraPDF, the PDF/A and PDF/UA validator archives run, from Maven Central (Java
# and Maven come with the machine). Kept outside the git tree and reused while
# its version is unchanged; pressroom finds it through ~/.cache/pressroom/verapdf/bin/verapdf
# (or PRESSROOM_VERAPDF). Its version is set in scripts/verapdf/pom.xml.
verapdf_version=$(sed -n 's:.*<verapdf.version>\(.*\)</verapdf.version>.*:\1:p' scripts/verapdf/pom.xml)
verapdf_home="${HOME}/.cache/pressroom/verapdf"
if [ "$(cat "$verapdf_home/VERSION" 2>/dev/null)" != "$verapdf_version" ]; then
  if command -v mvn >/dev/null && command -v java >/dev/null; then
    rm -rf "$verapdf_home"
    mkdir -p "$verapdf_home/bin"
    mvn -q -B -f scripts/verapdf/pom.xml dependency:copy-dependencies -DoutputDirectory="$verapdf_home/lib"
    cat > "$verapdf_home/bin/verapdf" <<'LAUNCHER'
#!/bin/sh
exec java -Xss8m -cp "$(dirname "$0")/../lib/*" org.verapdf.apps.GreenfieldCliWrapper "$@"
LAUNCHER
    chmod +x "$verapdf_home/bin/verapdf"
    echo "$verapdf_version" > "$verapdf_home/VERSION"
  else
    echo "setup: Java or Maven missing; veraPDF not installed (archive validation will be skipped)" >&2
  fi
fi

if [ -z "${PRESSROOM_SKIP_PIP:-}" ]; then  # scripts/fresh-check.sh installs a wheel instead
  python3 -m pip install -q --disable-pip-version-check -e '.[test]'
fi
