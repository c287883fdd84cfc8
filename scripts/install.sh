#!/usr/bin/env bash
# Install what Sanctions Desk needs on a fresh Debian/Ubuntu machine: the system libraries Qt uses,
# and a virtual environment in .venv at the repository root with the project and its test tools.
set -euo pipefail
cd "$(dirname "$0")/.."

# fonts-noto-cjk: Hangul and Chinese in the PDF report (DejaVu has neither; the bundle carries a copy).
QT_LIBS="libgl1 libegl1 libxkbcommon0 libfontconfig1 libglib2.0-0 libdbus-1-3 fonts-dejavu-core fonts-noto-cjk"
WINDOW_LIBS="xvfb libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxkbcommon-x11-0 poppler-utils"

if command -v apt-get >/dev/null 2>&1; then
  missing=""
  for pkg in $QT_LIBS $WINDOW_LIBS; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing="$missing $pkg"
  done
  if [ -n "$missing" ]; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    echo "Installing system packages:$missing"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
  fi
else
  echo "apt-get not found: install the equivalents of: $QT_LIBS" >&2
fi

PYTHON="${PYTHON:-python3}"
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' \
  || { echo "Python 3.11 or newer is needed (found $("$PYTHON" --version 2>&1))" >&2; exit 1; }
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[test]"
echo "Installed into .venv ($(.venv/bin/python --version))."
