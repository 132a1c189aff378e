# Flask-HTTPAuth: Basic, Digest and token auth as its docs show them.
from flask import Flask, jsonify
from flask_httpauth import HTTPBasicAuth, HTTPDigestAuth, HTTPTokenAuth
from werkzeug.security import generate_password_hash, check_password_hash

app = Flask(__name__)
app.config["SECRET_KEY"] = "rw-flask-secret"
basic = HTTPBasicAuth()
digest = HTTPDigestAuth()
token = HTTPTokenAuth(scheme="Bearer")
apikey = HTTPTokenAuth(header="X-API-Key")

users = {"alice": generate_password_hash("secret"), "bob": generate_password_hash("hunter2")}
roles = {"alice": ["user"], "bob": ["user", "admin"]}
tokens = {"tok-alice-123": "alice"}
keys = {"key-live-abc": "alice"}

@basic.verify_password
def verify_password(u, p):
    if u in users and check_password_hash(users[u], p):
        return u

@basic.get_user_roles
def get_user_roles(u):
    return roles.get(u, [])

@digest.get_password
def get_pw(u):
    return {"alice": "secret"}.get(u)

@token.verify_token
def verify_token(t):
    return tokens.get(t)

@apikey.verify_token
def verify_key(k):
    return keys.get(k)

@app.route("/basic")
@basic.login_required
def r_basic():
    return jsonify(user=basic.current_user())

@app.route("/admin")
@basic.login_required(role="admin")
def r_admin():
    return jsonify(user=basic.current_user(), admin=True)

@app.route("/digest")
@digest.login_required
def r_digest():
    return jsonify(user=digest.username())

@app.route("/token")
@token.login_required
def r_token():
    return jsonify(user=token.current_user())

@app.route("/key")
@apikey.login_required
def r_key():
    return jsonify(user=apikey.current_user())

if __name__ == "__main__":
    app.run(host="127.0.0.1", port=18000)
