#!/bin/sh
# Generate a synthetic workstation tree for benchmarks.
#   bench/gen-host.sh DEST HOMES FILES_PER_HOME
# Each home gets a Zoom config, a Dropbox folder, a few Zoom meetings and
# FILES_PER_HOME ordinary documents spread over nested folders, so a walk
# has real work to do.
set -eu
dest=$1; homes=${2:-4}; files=${3:-25000}
mkdir -p "$dest/etc"
echo bench-host > "$dest/etc/hostname"
h=0
while [ "$h" -lt "$homes" ]; do
	home="$dest/home/user$h"
	mkdir -p "$home/.config" "$home/.dropbox" "$home/Documents/Zoom" "$home/Dropbox"
	printf '[General]\nblockUntrustedSSLCert=true\nuserEmailAddress=user%s@example.org\n' "$h" \
		> "$home/.config/zoomus.conf"
	printf '{"personal": {"path": "/home/user%s/Dropbox"}}' "$h" > "$home/.dropbox/info.json"
	m=0
	while [ "$m" -lt 5 ]; do
		d="$home/Documents/Zoom/2026-0$((m + 1))-10 10.00.0$m Meeting $m 8123456789$m"
		mkdir -p "$d"; echo x > "$d/video123$m.mp4"; echo x > "$d/audio123$m.m4a"
		m=$((m + 1))
	done
	# ordinary documents: 100 files per folder, folders three deep
	awk -v base="$home/Documents/work" -v n="$files" 'BEGIN {
		for (i = 0; i < n; i++) {
			d = sprintf("%s/p%d/q%d/r%d", base, i / 10000, (i / 1000) % 10, (i / 100) % 10)
			if (!(d in made)) { system("mkdir -p \"" d "\""); made[d] = 1 }
			printf "" > (d "/doc" i ".txt"); close(d "/doc" i ".txt")
		}
	}'
	h=$((h + 1))
done
