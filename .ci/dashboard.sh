#!/bin/sh
# The dashboard's tests: tests/ui drives Debian's headless Chromium through Playwright's Python
# package (in the `test` extra; its own browser download is never used: the tests launch
# /usr/bin/chromium), and tests/admin/test_dashboard_curl.py pastes the tenant page's curl lines
# into a shell. Idempotent and quiet; run as root on a fresh Debian machine.
set -eu
if [ ! -x /usr/bin/chromium ] || ! command -v curl >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core curl ca-certificates >/dev/null
fi
/usr/bin/chromium --version 2>/dev/null
