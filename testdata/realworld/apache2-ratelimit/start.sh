#!/bin/sh
# Installs Apache with mod_evasive and mod_qos and runs it (prefork,
# -DFOREGROUND) in the background on 127.0.0.1:18313 (and 18314, where mod_qos answers 429).
# Stop: kill $(cat $RUN/httpd.pid) $(cat $RUN/httpd429.pid)
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
flock /tmp/apt.lock apt-get install -y -q apache2 libapache2-mod-evasive libapache2-mod-qos >/dev/null
RUN=${RUN:-$(mktemp -d /tmp/rw-apache-rl.XXXXXX)}
chmod 777 "$RUN"
sed -e "s#RUN#$RUN#g" -e "s#HERE#$HERE#g" "$HERE/httpd.conf" > "$RUN/httpd.conf"
apache2 -DFOREGROUND -f "$RUN/httpd.conf" &
apache2 -DFOREGROUND -DQOS429 -f "$RUN/httpd.conf" &
sleep 2
echo "RUN=$RUN"
