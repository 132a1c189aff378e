#!/bin/sh
# FastAPI under uvicorn, both from Debian, on 127.0.0.1:18020.
flock /tmp/apt.lock apt-get install -y -q python3-fastapi python3-uvicorn python3-jwt python3-multipart >/dev/null
cd "$(dirname "$0")" && exec /usr/bin/python3 -m uvicorn app:app --host 127.0.0.1 --port 18020
