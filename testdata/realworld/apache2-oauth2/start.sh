#!/bin/sh
# Installs Apache with mod_oauth2 and runs it (prefork, -DFOREGROUND) in the
# background on 127.0.0.1:18318.
# Stop: kill $(cat $RUN/httpd.pid)
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
flock /tmp/apt.lock apt-get install -y -q apache2 libapache2-mod-oauth2 >/dev/null
RUN=${RUN:-$(mktemp -d /tmp/rw-oauth2.XXXXXX)}
chmod 755 "$RUN"
sed -e "s#RUN#$RUN#g" -e "s#HERE#$HERE#g" "$HERE/httpd.conf" > "$RUN/httpd.conf"
apache2 -DFOREGROUND -f "$RUN/httpd.conf" &
sleep 2
echo "RUN=$RUN"
