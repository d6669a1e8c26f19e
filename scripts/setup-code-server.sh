#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100.3 server + web workbench), the host the integration and UI tests run in.
# Usage: scripts/setup-code-server.sh [DEST]
#   DEST defaults to ${ATLAS_PEERING_CACHE:-$HOME/.cache/atlas-peering}/code-server-4.100.3 (outside the repository).
# 4.100.3 is the last code-server whose engines allow Node 20; newer ones need Node 22+.
# Works offline with only the npm registry and Debian packages: the comments below say how each download is avoided.
set -euo pipefail

VERSION=4.100.3
CACHE=${ATLAS_PEERING_CACHE:-$HOME/.cache/atlas-peering}
DEST=${1:-$CACHE/code-server-$VERSION}
BIN="$DEST/node_modules/.bin/code-server"

if [ -x "$BIN" ] && "$BIN" --config /dev/null --version 2>/dev/null | grep -q "^$VERSION "; then
  echo "code-server $VERSION already installed in $DEST"
  exit 0
fi

missing=()
for cmd in rg pkg-config; do command -v "$cmd" >/dev/null || missing+=("$cmd"); done
[ -f /usr/include/gssapi/gssapi.h ] || missing+=("libkrb5-dev (gssapi/gssapi.h)")
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends libkrb5-dev pkg-config ripgrep >/dev/null
  else
    echo "setup-code-server: missing ${missing[*]}; install them with: sudo apt-get install libkrb5-dev pkg-config ripgrep" >&2
    exit 1
  fi
fi

echo "Installing code-server $VERSION into $DEST (about 1.5 minutes, 300 MB)..."
start=$(date +%s)

# @vscode/ripgrep's postinstall downloads rg from GitHub unless its cache in $TMPDIR already holds the archive:
# seed it with Debian's rg.
RG_CACHE="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
RG_ARCHIVE="$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [ ! -f "$RG_ARCHIVE" ]; then
  mkdir -p "$RG_CACHE"
  tmp=$(mktemp -d)
  cp "$(command -v rg)" "$tmp/rg"
  tar czf "$RG_ARCHIVE" -C "$tmp" rg
  rm -rf "$tmp"
fi

# Install into a side folder and move it into place, so an interrupted install never looks complete.
STAGE="$DEST.partial"
rm -rf "$STAGE"
mkdir -p "$STAGE"
echo '{"name":"code-server-host","private":true}' > "$STAGE/package.json"
# As root, code-server's postinstall.sh demands npm_config_unsafe_perm=true (npm 11 has no such flag, the script only
# reads the variable). node-pty's postinstall runs `npx node-gyp`, which an npmrc with yes=false would cancel.
(cd "$STAGE" && npm_config_unsafe_perm=true npm_config_yes=true \
  npm install --no-audit --no-fund --no-save --loglevel=error "code-server@$VERSION")

rm -rf "$DEST"
mv "$STAGE" "$DEST"
"$BIN" --config /dev/null --version | head -1
echo "code-server $VERSION installed in $(( $(date +%s) - start ))s"
