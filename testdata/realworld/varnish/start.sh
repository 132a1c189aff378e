#!/bin/sh
# Installs Varnish and runs it in the foreground (in the background of this
# shell) on 127.0.0.1:18380 with this folder's VCL. Python's http.server on
# 18387 is the backend; a listener on 18385 never answers; nothing on 18386.
# Stop: kill $(cat $RUN/varnishd.pid) $(cat $RUN/origin.pid) $(cat $RUN/slow.pid)
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
flock /tmp/apt.lock apt-get install -y -q varnish >/dev/null
RUN=${RUN:-$(mktemp -d /tmp/rw-varnish.XXXXXX)}
python3 -m http.server -b 127.0.0.1 -d "$HERE/www" 18387 > "$RUN/origin.log" 2>&1 &
echo $! > "$RUN/origin.pid"
python3 -c 'import socket
s=socket.socket(); s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)
s.bind(("127.0.0.1",18385)); s.listen(8); c=[]
while True: c.append(s.accept()[0])' &
echo $! > "$RUN/slow.pid"
varnishd -F -j none -a 127.0.0.1:18380 -T none -f "$HERE/default.vcl" -n "$RUN/varnish" -s malloc,16m -p thread_pools=1 -p thread_pool_min=5 > "$RUN/varnishd.log" 2>&1 &
echo $! > "$RUN/varnishd.pid"
sleep 4
echo "RUN=$RUN"
