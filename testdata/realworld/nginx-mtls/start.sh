#!/bin/sh
# Installs nginx and runs it with ssl_verify_client on 127.0.0.1:18310,
# with certificates made fresh by gencerts in $RUN.
# Record: RUN=$RUN go run ./testdata/realworld/record -dir testdata/realworld/nginx-mtls -base https://127.0.0.1:18310
# Stop: kill $(cat $RUN/nginx.pid)
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
command -v nginx >/dev/null || flock /tmp/apt.lock apt-get install -y -q nginx >/dev/null
RUN=${RUN:-$(mktemp -d /tmp/rw-nginx-mtls.XXXXXX)}
(cd "$HERE/../../.." && go run ./testdata/realworld/nginx-mtls/gencerts "$RUN")
sed -e "s#RUN#$RUN#g" "$HERE/nginx.conf" > "$RUN/nginx.conf"
nginx -c "$RUN/nginx.conf" -p "$RUN" &
sleep 1
echo "RUN=$RUN"
