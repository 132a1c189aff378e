#!/bin/sh
# Installs Squid and runs it as a forward proxy on 127.0.0.1:18340 that asks
# for Basic proxy credentials (basic_ncsa_auth with this folder's htpasswd).
# Python's http.server on 18349 is the origin behind it; nothing listens on 18348.
# On 18341 it is a reverse proxy in front of 18348 (down) and 18342 (a listener
# that never answers).
# Stop: kill $(cat $RUN/squid.pid) $(cat $RUN/origin.pid) $(cat $RUN/slow.pid)
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
flock /tmp/apt.lock apt-get install -y -q squid >/dev/null
RUN=${RUN:-$(mktemp -d /tmp/rw-squid.XXXXXX)}
chown proxy:proxy "$RUN"
sed -e "s#RUN#$RUN#g" -e "s#HERE#$HERE#g" "$HERE/squid.conf" > "$RUN/squid.conf"
python3 -m http.server -b 127.0.0.1 -d "$HERE/www" 18349 > "$RUN/origin.log" 2>&1 &
echo $! > "$RUN/origin.pid"
python3 -c 'import socket
s=socket.socket(); s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)
s.bind(("127.0.0.1",18342)); s.listen(8); c=[]
while True: c.append(s.accept()[0])' &
echo $! > "$RUN/slow.pid"
squid -N -f "$RUN/squid.conf" &
sleep 3
echo "RUN=$RUN"
