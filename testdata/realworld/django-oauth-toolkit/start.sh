#!/bin/sh
# django-oauth-toolkit (with DRF) from Debian on 127.0.0.1:18075; database /tmp/rw-dot.sqlite3 made afresh.
flock /tmp/apt.lock apt-get install -y -q python3-django python3-djangorestframework python3-django-oauth-toolkit >/dev/null
cd "$(dirname "$0")"
/usr/bin/python3 app.py setup
exec /usr/bin/python3 app.py serve
