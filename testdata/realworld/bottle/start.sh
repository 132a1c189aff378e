#!/bin/sh
# Bottle from Debian: production on 127.0.0.1:18060, debug on :18061.
flock /tmp/apt.lock apt-get install -y -q python3-bottle >/dev/null
cd "$(dirname "$0")"
/usr/bin/python3 app.py debug &
exec /usr/bin/python3 app.py prod
