# A plain Flask app: Werkzeug's own error pages, its debugger, and its
# ProxyMiddleware in front of an upstream that is not running.
import sys
from flask import Flask, abort, jsonify, request, session
from werkzeug.middleware.http_proxy import ProxyMiddleware

app = Flask(__name__)
app.secret_key = "rw-werkzeug-secret"

@app.route("/me")
def me():
    if "user" not in session:
        abort(401)
    return jsonify(user=session["user"])

@app.route("/login", methods=["POST"])
def login():
    if request.form.get("password") != "secret":
        abort(401, description="Invalid username or password.")
    session["user"] = request.form.get("username")
    return jsonify(ok=True)

@app.route("/admin")
def admin():
    if request.headers.get("Authorization") != "Bearer admin-token":
        if request.headers.get("Authorization") == "Bearer user-token":
            abort(403)
        abort(401)
    return jsonify(admin=True)

@app.route("/orders/<int:oid>")
def order(oid):
    orders = {1: {"id": 1}}
    return jsonify(orders[oid])  # KeyError for unknown ids

@app.route("/report")
def report():
    import socket
    socket.create_connection(("127.0.0.1", 18099), timeout=2)  # a database that is down

@app.route("/billing")
def billing():
    # calls a partner API with a stale key; raise_for_status() turns its 401 into our 500
    import requests
    r = requests.get("http://127.0.0.1:18011/admin", headers={"Authorization": "Bearer stale-partner-key"}, timeout=3)
    r.raise_for_status()
    return r.json()

port = int(sys.argv[1])
debug = sys.argv[2] == "debug"
app.wsgi_app = ProxyMiddleware(app.wsgi_app, {"/api/": {"target": "http://127.0.0.1:18099/"}})

if __name__ == "__main__":
    app.run(host="127.0.0.1", port=port, debug=debug, use_reloader=False)
