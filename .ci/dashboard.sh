#!/bin/sh
# The dashboard's browser tests (tests/ui) drive Debian's headless Chromium through Playwright's
# Python package (in the `test` extra). Playwright's own browser download is never used: the tests
# launch /usr/bin/chromium. Idempotent and quiet; run as root on a fresh Debian machine.
set -eu
if [ ! -x /usr/bin/chromium ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi
/usr/bin/chromium --version 2>/dev/null
