#!/bin/sh
# twisted.web from Debian: 127.0.0.1:18055, with displayTracebacks on :18056.
flock /tmp/apt.lock apt-get install -y -q python3-twisted >/dev/null
cd "$(dirname "$0")"
/usr/bin/python3 app.py debug &
exec /usr/bin/python3 app.py
