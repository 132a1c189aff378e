# Flask-Limiter with in-memory storage; limits low enough to trip in a few calls.
from flask import Flask, jsonify, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

app = Flask(__name__)
limiter = Limiter(get_remote_address, app=app, storage_uri="memory://", headers_enabled=True)

@app.route("/search")
@limiter.limit("2 per minute")
def search():
    return jsonify(results=[])

@app.route("/api/quote")
@limiter.limit("1 per hour")
def quote():
    return jsonify(price=1)

@app.route("/export")
@limiter.limit("1 per day")
def export():
    return "ok"

@app.errorhandler(429)
def too_many(e):
    if request.path.startswith("/api/"):  # JSON for the API, the default page elsewhere
        return jsonify(error="ratelimit exceeded", detail=str(e.description)), 429
    return e

if __name__ == "__main__":
    app.run(host="127.0.0.1", port=18015)
