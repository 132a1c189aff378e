#!/bin/sh
# mitmproxy (mitmdump) from Debian:
#   127.0.0.1:18065  forward proxy requiring proxyuser:proxypass
#   127.0.0.1:18067  reverse proxy to 127.0.0.1:18099, where nothing may listen
#   127.0.0.1:18066  origin: python3 -m http.server over ./origin
flock /tmp/apt.lock apt-get install -y -q mitmproxy >/dev/null
cd "$(dirname "$0")"
/usr/bin/python3 -m http.server 18066 --bind 127.0.0.1 --directory origin &
mitmdump --listen-host 127.0.0.1 -p 18067 --mode reverse:http://127.0.0.1:18099 --set connection_strategy=lazy &
exec mitmdump --listen-host 127.0.0.1 -p 18065 --proxyauth proxyuser:proxypass
