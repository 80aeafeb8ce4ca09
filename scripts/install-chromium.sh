#!/usr/bin/env bash
# Installs what the browser tests need from Debian's packages: Chromium,
# and certutil (libnss3-tools) to make a browser profile that trusts
# graphmock's CA. Quick when both are already there; needs root (or sudo)
# otherwise, and never asks anything, so CI can run it.
set -euo pipefail

missing=()
# fonts-liberation is only recommended by chromium, and a machine without
# fonts would render pages without text.
[ -x /usr/bin/chromium ] || missing+=(chromium fonts-liberation)
command -v certutil >/dev/null 2>&1 || missing+=(libnss3-tools)
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=()
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null 2>&1 || { echo "install-chromium: need root or sudo to install ${missing[*]}" >&2; exit 1; }
	sudo=(sudo -n)
fi
export DEBIAN_FRONTEND=noninteractive
echo "install-chromium: installing ${missing[*]}" >&2
"${sudo[@]}" apt-get update -qq </dev/null
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null >/dev/null
