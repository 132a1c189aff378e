#!/bin/sh
# django-cors-headers from Debian on 127.0.0.1:18078.
flock /tmp/apt.lock apt-get install -y -q python3-django python3-django-cors-headers >/dev/null
cd "$(dirname "$0")" && exec /usr/bin/python3 app.py
