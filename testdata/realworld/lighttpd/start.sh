#!/bin/sh
# Installs lighttpd and runs it on 127.0.0.1:18320 (and 18321 as a second
# origin). A listener on 18393 that never answers stands in for a slow
# upstream; nothing listens on 18394 (a dead upstream).
# Stop: kill $(cat $RUN/lighttpd.pid) $(cat $RUN/slow.pid)
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
flock /tmp/apt.lock apt-get install -y -q lighttpd >/dev/null
RUN=${RUN:-$(mktemp -d /tmp/rw-lighttpd.XXXXXX)}
sed -e "s#RUN#$RUN#g" -e "s#HERE#$HERE#g" "$HERE/lighttpd.conf" > "$RUN/lighttpd.conf"
python3 -c 'import socket
s=socket.socket(); s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)
s.bind(("127.0.0.1",18393)); s.listen(8); c=[]
while True: c.append(s.accept()[0])' &
echo $! > "$RUN/slow.pid"
lighttpd -D -f "$RUN/lighttpd.conf" &
sleep 1
echo "RUN=$RUN"
