#!/usr/bin/env bash
# Build the installable bundle with PyInstaller into dist/, then check it: --version and --self-test.
# Usage: bash scripts/build.sh [--onefile]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || bash scripts/install.sh
.venv/bin/python -m pip install --quiet "pyinstaller==6.22.3"
if [ "${1:-}" = "--onefile" ]; then export SANCTIONS_DESK_ONEFILE=1; fi
# The report's Hangul and Chinese font, copied from the system into the bundle's fonts/ (never into git:
# the file is about 20 MB). fonts-noto-cjk provides it; scripts/install.sh installs that package.
if [ -z "${SANCTIONS_DESK_CJK_FONT:-}" ]; then
  SANCTIONS_DESK_CJK_FONT=$(fc-match -f '%{file}' 'Noto Sans CJK SC:style=Regular' 2>/dev/null || true)
fi
case "$SANCTIONS_DESK_CJK_FONT" in
  *NotoSansCJK*) ;;
  *) echo "Noto Sans CJK not found (fc-match gave '${SANCTIONS_DESK_CJK_FONT}'): install fonts-noto-cjk" >&2
     exit 1 ;;
esac
export SANCTIONS_DESK_CJK_FONT
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
echo "Built $program in $(( $(date +%s) - start )) s; bundle size $size (with $(basename "$SANCTIONS_DESK_CJK_FONT"))."
QT_QPA_PLATFORM=offscreen "$program" --version
QT_QPA_PLATFORM=offscreen "$program" --self-test
