#!/usr/bin/env bash
# Install a built ReelDesk bundle for the current user: the program under ~/.local/opt, the
# `reeldesk` command in ~/.local/bin, and the menu entry and icons in ~/.local/share.
#   packaging/linux/install.sh [BUNDLE_DIR]      (default: dist/ReelDesk)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bundle=${1:-$here/../../dist/ReelDesk}
[ -x "$bundle/reeldesk" ] || { echo "no bundle at $bundle (run: make bundle)" >&2; exit 1; }
data=${XDG_DATA_HOME:-$HOME/.local/share}
prefix=$HOME/.local/opt/ReelDesk
rm -rf "$prefix"
mkdir -p "$prefix" "$HOME/.local/bin" "$data/applications" "$data/metainfo"
cp -a "$bundle/." "$prefix/"
ln -sf "$prefix/reeldesk" "$HOME/.local/bin/reeldesk"
sed "s|^Exec=reeldesk|Exec=$prefix/reeldesk|" "$here/io.reeldesk.ReelDesk.desktop" \
  > "$data/applications/io.reeldesk.ReelDesk.desktop"
cp "$here/io.reeldesk.ReelDesk.metainfo.xml" "$data/metainfo/"
icons=$prefix/_internal/resources/icons
for size in 16 24 32 48 64 128 256 512; do
  mkdir -p "$data/icons/hicolor/${size}x${size}/apps"
  cp "$icons/reeldesk-$size.png" "$data/icons/hicolor/${size}x${size}/apps/io.reeldesk.ReelDesk.png"
done
mkdir -p "$data/icons/hicolor/scalable/apps"
cp "$icons/reeldesk.svg" "$data/icons/hicolor/scalable/apps/io.reeldesk.ReelDesk.svg"
command -v update-desktop-database >/dev/null && update-desktop-database "$data/applications" || true
echo "ReelDesk installed: run 'reeldesk' or find it in your applications menu."
