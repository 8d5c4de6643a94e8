#!/bin/sh
# Copy a fixture host tree to DEST and give its files realistic ages.
#   stage-tree.sh SRC DEST
# Git keeps neither mtimes nor FIFOs, so a tree may have a manifest beside it,
# SRC.mtimes, with lines:
#   age DAYS PATH      set PATH's mtime to DAYS days before now
#   fifo PATH          create a FIFO at PATH
# Every other file gets an age of 1 day. "Now" is $SOURCE_DATE_EPOCH when set.
set -eu
src=${1%/}
dest=$2
now=${SOURCE_DATE_EPOCH:-$(date +%s)}
mkdir -p "$dest"
cp -a "$src/." "$dest/"
find "$dest" -exec touch -h -d "@$((now - 86400))" {} +
manifest="$src.mtimes"
[ -f "$manifest" ] || exit 0
while read -r kind a b; do
	case "$kind" in
	''|'#'*) ;;
	age) touch -h -d "@$((now - a * 86400))" "$dest/$b" ;;
	fifo) mkfifo "$dest/$a" ;;
	*) echo "stage-tree: $manifest: unknown line '$kind'" >&2; exit 1 ;;
	esac
done < "$manifest"
