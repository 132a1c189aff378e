#!/bin/sh
# Starlette under uvicorn: production on 127.0.0.1:18030, debug=True on :18031.
flock /tmp/apt.lock apt-get install -y -q python3-starlette python3-uvicorn >/dev/null
cd "$(dirname "$0")"
/usr/bin/python3 app.py debug &
exec /usr/bin/python3 app.py
