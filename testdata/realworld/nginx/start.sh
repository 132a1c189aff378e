#!/bin/sh
# Installs nginx and runs it on 127.0.0.1:18300 (and 18301 as a second origin)
# with this folder's config. A listener on 18397 that never answers stands in
# for a slow upstream; nothing listens on 18398 (a dead upstream).
# Stop: kill $(cat $RUN/nginx.pid) $(cat $RUN/slow.pid)
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
flock /tmp/apt.lock apt-get install -y -q nginx >/dev/null
RUN=${RUN:-$(mktemp -d /tmp/rw-nginx.XXXXXX)}
sed -e "s#RUN#$RUN#g" -e "s#HERE#$HERE#g" "$HERE/nginx.conf" > "$RUN/nginx.conf"
python3 -c 'import socket,time
s=socket.socket(); s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)
s.bind(("127.0.0.1",18397)); s.listen(8); c=[]
while True: c.append(s.accept()[0])' &
echo $! > "$RUN/slow.pid"
nginx -c "$RUN/nginx.conf" -p "$RUN" &
sleep 1
echo "RUN=$RUN"
