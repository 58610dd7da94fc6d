#!/usr/bin/env bash
# Severa real-client tests: PHP's SoapClient (php-cli, php-soap) and node-soap (npm `soap`, pinned in
# tests/vendors/severa/clients/package-lock.json, installed into that folder's node_modules, gitignored).
# Idempotent; run as root on a fresh Debian machine.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq php-cli php-soap >/dev/null
if ! command -v npm >/dev/null; then
    apt-get install -y -qq nodejs npm >/dev/null
fi
npm ci --prefix tests/vendors/severa/clients --no-audit --no-fund --loglevel=error >/dev/null
