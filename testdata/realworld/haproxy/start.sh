#!/bin/sh
# Installs HAProxy and runs it on 127.0.0.1:18370 (and 18371 as a second
# origin). Python's http.server on 18378 is the backend; a listener on 18377
# never answers (slow backend); nothing listens on 18379 (dead backend).
# Stop: kill $(cat $RUN/haproxy.pid) $(cat $RUN/origin.pid) $(cat $RUN/slow.pid)
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
flock /tmp/apt.lock apt-get install -y -q haproxy >/dev/null
RUN=${RUN:-$(mktemp -d /tmp/rw-haproxy.XXXXXX)}
cp "$HERE/haproxy.cfg" "$RUN/haproxy.cfg"
python3 -m http.server -b 127.0.0.1 -d "$HERE/www" 18378 > "$RUN/origin.log" 2>&1 &
echo $! > "$RUN/origin.pid"
python3 -c 'import socket
s=socket.socket(); s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)
s.bind(("127.0.0.1",18377)); s.listen(8); c=[]
while True: c.append(s.accept()[0])' &
echo $! > "$RUN/slow.pid"
haproxy -db -f "$RUN/haproxy.cfg" > "$RUN/haproxy.log" 2>&1 &
echo $! > "$RUN/haproxy.pid"
sleep 3
echo "RUN=$RUN"
