#!/bin/sh
# Installs Apache with mod_auth_openidc and runs it (prefork, -DFOREGROUND)
# in the background on 127.0.0.1:18315 (JWTs checked locally), 18316
# (introspection endpoint) and 18317 (tokens checked by introspection).
# Stop: kill $(cat $RUN/httpd.pid)
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
flock /tmp/apt.lock apt-get install -y -q apache2 libapache2-mod-auth-openidc >/dev/null
RUN=${RUN:-$(mktemp -d /tmp/rw-openidc.XXXXXX)}
chmod 755 "$RUN"
sed -e "s#RUN#$RUN#g" -e "s#HERE#$HERE#g" "$HERE/httpd.conf" > "$RUN/httpd.conf"
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj /CN=127.0.0.1 \
  -keyout "$RUN/introspect.key" -out "$RUN/introspect.crt" 2>/dev/null
apache2 -DFOREGROUND -f "$RUN/httpd.conf" &
sleep 2
echo "RUN=$RUN"
