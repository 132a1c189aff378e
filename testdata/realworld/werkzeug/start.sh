#!/bin/sh
# Flask/Werkzeug: debugger on at 127.0.0.1:18010, production at :18011.
# Nothing may listen on :18099 (the missing upstream).
flock /tmp/apt.lock apt-get install -y -q python3-flask python3-werkzeug python3-requests >/dev/null
cd "$(dirname "$0")"
/usr/bin/python3 app.py 18010 debug &
exec /usr/bin/python3 app.py 18011 prod
