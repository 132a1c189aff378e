#!/bin/sh
# Installs Squid and runs it as a forward proxy on 127.0.0.1:18340 that asks
# for Basic proxy credentials (basic_ncsa_auth with this folder's htpasswd).
# Python's http.server on 18349 is the origin behind it; nothing listens on 18348.
# Stop: kill $(cat $RUN/squid.pid) $(cat $RUN/origin.pid)
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
flock /tmp/apt.lock apt-get install -y -q squid >/dev/null
RUN=${RUN:-$(mktemp -d /tmp/rw-squid.XXXXXX)}
chown proxy:proxy "$RUN"
sed -e "s#RUN#$RUN#g" -e "s#HERE#$HERE#g" "$HERE/squid.conf" > "$RUN/squid.conf"
python3 -m http.server -b 127.0.0.1 -d "$HERE/www" 18349 > "$RUN/origin.log" 2>&1 &
echo $! > "$RUN/origin.pid"
squid -N -f "$RUN/squid.conf" &
sleep 3
echo "RUN=$RUN"
