#!/usr/bin/env bash
# Sets up a fresh machine: Debian's Chromium and Firefox ESR (Playwright and puppeteer cannot
# download browsers here), Debian's Django OAuth Toolkit (a production OAuth server the e2e tests
# run against), and the exact npm dependencies from the lock file.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/firefox-esr ] || missing+=(firefox-esr)
/usr/bin/python3 -c 'import oauth2_provider' 2>/dev/null || missing+=(python3-django-oauth-toolkit)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
npm ci --no-audit --no-fund
