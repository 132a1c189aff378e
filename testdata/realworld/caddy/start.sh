#!/bin/sh
# Installs Caddy and runs it on 127.0.0.1:18330 (main), 18331 (second origin)
# and 18332 (a token service for forward_auth). A listener on 18391 that
# never answers stands in for a slow upstream; nothing listens on 18392.
# Stop: kill $(cat $RUN/caddy.pid) $(cat $RUN/slow.pid)
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
flock /tmp/apt.lock apt-get install -y -q caddy >/dev/null
RUN=${RUN:-$(mktemp -d /tmp/rw-caddy.XXXXXX)}
export HERE XDG_DATA_HOME="$RUN" XDG_CONFIG_HOME="$RUN"
python3 -c 'import socket
s=socket.socket(); s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)
s.bind(("127.0.0.1",18391)); s.listen(8); c=[]
while True: c.append(s.accept()[0])' &
echo $! > "$RUN/slow.pid"
caddy run --config "$HERE/Caddyfile" --adapter caddyfile --pidfile "$RUN/caddy.pid" > "$RUN/caddy.log" 2>&1 &
sleep 2
echo "RUN=$RUN"
