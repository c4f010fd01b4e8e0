#!/usr/bin/env bash
# Installs the locked npm dependencies when node_modules is missing or older than package-lock.json,
# so the README's commands work on a fresh clone. Quiet and ~0.01 s when nothing changed.
# npm ci installs the workspace packages too (tools/package.json: the AWS SDK clients the tools run with).
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.genai-demo-lock-hash
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then exit 0; fi
echo "Installing npm dependencies (npm ci)..." >&2
npm ci --no-audit --no-fund --loglevel=error >&2
echo "$want" > "$stamp"
