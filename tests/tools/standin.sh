#!/bin/sh
# Start the HTTPS stand-in (tests/tools/fetch_standin.py) for fetch tests.
#   standin.sh start DIR [SERVER-ARGS...]   prints the port; the CA is DIR/ca.pem
#   standin.sh stop DIR                     ends the server started in DIR
# The certificate (127.0.0.1 and localhost, one day) is made once per DIR with
# the openssl CLI, an EC key so that it takes milliseconds.
set -u
cmd=$1 dir=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)

case $cmd in
start)
	mkdir -p "$dir" || exit 1
	if [ ! -f "$dir/ca.pem" ]; then
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
			-keyout "$dir/key.pem" -out "$dir/ca.pem" -days 1 -subj "/CN=127.0.0.1" \
			-addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
			>/dev/null 2>&1 || { echo "standin: openssl failed" >&2; exit 1; }
	fi
	# one server per DIR: a second start replaces the first
	[ -f "$dir/pid" ] && kill "$(cat "$dir/pid")" 2>/dev/null
	rm -f "$dir/port"
	# Debian's python3 (scripts/deps.sh) directly: a version manager's shim
	# in PATH can add half a second to every start
	py=python3
	[ -x /usr/bin/python3 ] && py=/usr/bin/python3
	"$py" "$here/fetch_standin.py" --cert "$dir/ca.pem" --key "$dir/key.pem" \
		--port-file "$dir/port" "$@" </dev/null >"$dir/server.out" 2>&1 &
	echo $! >"$dir/pid"
	i=0
	while [ ! -s "$dir/port" ]; do
		i=$((i + 1))
		if [ $i -gt 200 ] || ! kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
			echo "standin: server did not start" >&2
			cat "$dir/server.out" >&2
			exit 1
		fi
		sleep 0.05
	done
	cat "$dir/port"
	;;
stop)
	if [ -f "$dir/pid" ]; then
		kill "$(cat "$dir/pid")" 2>/dev/null
		rm -f "$dir/pid"
	fi
	;;
*)
	echo "usage: standin.sh start|stop DIR [ARGS...]" >&2
	exit 64
	;;
esac
