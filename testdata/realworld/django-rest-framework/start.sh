#!/bin/sh
# Django + DRF from Debian: DEBUG=False on 127.0.0.1:18070, DEBUG=True on :18071.
# Database in /tmp/rw-drf.sqlite3, made afresh.
flock /tmp/apt.lock apt-get install -y -q python3-django python3-djangorestframework >/dev/null
cd "$(dirname "$0")"
/usr/bin/python3 app.py setup x
/usr/bin/python3 app.py 18071 debug &
exec /usr/bin/python3 app.py 18070 prod
