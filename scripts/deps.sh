#!/bin/sh
# Install the Debian 12 build dependencies that are missing, and nothing else.
# Idempotent: a second run with everything present does no apt work at all.
set -eu

PKGS="build-essential pkg-config libjansson-dev libxml2-dev libcurl4-openssl-dev
libarchive-dev libcmocka-dev libinih-dev libplist-dev libssl-dev libyaml-dev duktape-dev liblua5.4-dev jq valgrind libcairo2-dev libpango1.0-dev fonts-dejavu-core poppler-utils
clang-14 libclang-rt-14-dev chromium chromium-driver python3 python3-selenium ansible-core time libxml2-utils openssl systemd
zip unzip"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
		missing="$missing $p"
	fi
done

if [ -z "$missing" ]; then
	echo "deps: all build dependencies present"
	exit 0
fi

echo "deps: missing:$missing"
if [ "$(id -u)" != "0" ]; then
	echo "deps: not root; install them with: sudo apt-get install$missing" >&2
	exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
	echo "deps: apt-get not found; install the equivalents of:$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing
