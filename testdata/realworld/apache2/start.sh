#!/bin/sh
# Installs Apache and runs it (prefork, -DFOREGROUND) in the background
# on 127.0.0.1:18310 (main), 18311 (second origin) and 18312 (forward proxy).
# A listener on 18395 that never answers stands in for a slow upstream;
# nothing listens on 18396 (a dead upstream).
# Stop: kill $(cat $RUN/httpd.pid) $(cat $RUN/slow.pid)
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
flock /tmp/apt.lock apt-get install -y -q apache2 apache2-utils >/dev/null
RUN=${RUN:-$(mktemp -d /tmp/rw-apache.XXXXXX)}
chmod 755 "$RUN"
sed -e "s#RUN#$RUN#g" -e "s#HERE#$HERE#g" "$HERE/httpd.conf" > "$RUN/httpd.conf"
python3 -c 'import socket
s=socket.socket(); s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)
s.bind(("127.0.0.1",18395)); s.listen(8); c=[]
while True: c.append(s.accept()[0])' &
echo $! > "$RUN/slow.pid"
apache2 -DFOREGROUND -f "$RUN/httpd.conf" &
sleep 1
echo "RUN=$RUN"
