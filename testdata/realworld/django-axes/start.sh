#!/bin/sh
# django-axes from Debian: lockout as 403 on 127.0.0.1:18082, as 429 with a cool-off on :18083.
flock /tmp/apt.lock apt-get install -y -q python3-django python3-django-axes >/dev/null
cd "$(dirname "$0")"
/usr/bin/python3 app.py 18083 429 &
exec /usr/bin/python3 app.py 18082 403
