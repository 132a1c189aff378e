#!/bin/sh
# Tornado from Debian: production on 127.0.0.1:18085, debug=True on :18086.
# Nothing may listen on :18099 (the missing upstream).
flock /tmp/apt.lock apt-get install -y -q python3-tornado >/dev/null
cd "$(dirname "$0")"
/usr/bin/python3 app.py debug &
exec /usr/bin/python3 app.py prod
