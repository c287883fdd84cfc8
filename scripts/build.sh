#!/usr/bin/env bash
# Build the installable bundle with PyInstaller into dist/, then check it: --version and --self-test.
# Usage: bash scripts/build.sh [--onefile]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || bash scripts/install.sh
.venv/bin/python -m pip install --quiet "pyinstaller==6.22.3"
if [ "${1:-}" = "--onefile" ]; then export SANCTIONS_DESK_ONEFILE=1; fi
start=$(date +%s)
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller \
  packaging/sanctions-desk.spec
version=$(.venv/bin/python -c 'import compliance; print(compliance.__version__)')
if [ "${SANCTIONS_DESK_ONEFILE:-}" = "1" ]; then
  program="dist/sanctions-desk-$version"
  size=$(du -sh "$program" | cut -f1)
else
  program="dist/sanctions-desk-$version/sanctions-desk"
  size=$(du -sh "dist/sanctions-desk-$version" | cut -f1)
fi
echo "Built $program in $(( $(date +%s) - start )) s; bundle size $size."
QT_QPA_PLATFORM=offscreen "$program" --version
QT_QPA_PLATFORM=offscreen "$program" --self-test
