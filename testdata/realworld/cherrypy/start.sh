#!/bin/sh
# CherryPy from Debian: production on 127.0.0.1:18045, development (tracebacks) on :18046.
flock /tmp/apt.lock apt-get install -y -q python3-cherrypy3 >/dev/null
cd "$(dirname "$0")"
/usr/bin/python3 app.py dev &
exec /usr/bin/python3 app.py prod
