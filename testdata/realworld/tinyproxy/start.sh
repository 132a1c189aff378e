#!/bin/sh
# Installs tinyproxy and runs it on 127.0.0.1:18345 with BasicAuth. Python's
# http.server on 18347 is the origin behind it; nothing listens on 18344;
# URLs with /blocked/ are on the filter list.
# Stop: kill $(cat $RUN/tinyproxy.pid) $(cat $RUN/origin.pid)
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
flock /tmp/apt.lock apt-get install -y -q tinyproxy >/dev/null
RUN=${RUN:-$(mktemp -d /tmp/rw-tinyproxy.XXXXXX)}
chmod 777 "$RUN"
sed -e "s#RUN#$RUN#g" -e "s#HERE#$HERE#g" "$HERE/tinyproxy.conf" > "$RUN/tinyproxy.conf"
python3 -m http.server -b 127.0.0.1 -d "$HERE/www" 18347 > "$RUN/origin.log" 2>&1 &
echo $! > "$RUN/origin.pid"
tinyproxy -d -c "$RUN/tinyproxy.conf" &
sleep 2
echo "RUN=$RUN"
