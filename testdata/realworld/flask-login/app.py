# Flask-Login: a browser app with login_view, an API using request_loader,
# and an old API path that redirects to the canonical host.
from flask import Flask, jsonify, redirect, request
from flask_login import LoginManager, UserMixin, login_required, current_user

app = Flask(__name__)
app.secret_key = "rw-flask-login-secret"
lm = LoginManager(app)
lm.login_view = "login"
lm.blueprint_login_views = {}

class User(UserMixin):
    def __init__(self, uid): self.id = uid

TOKENS = {"tok-alice-123": "alice"}

@lm.user_loader
def load_user(uid):
    return User(uid) if uid in ("alice",) else None

@lm.request_loader
def load_from_request(req):
    auth = req.headers.get("Authorization", "")
    if auth.startswith("Bearer ") and auth[7:] in TOKENS:
        return User(TOKENS[auth[7:]])

@lm.unauthorized_handler
def unauthorized():
    if request.path.startswith("/api/"):
        return jsonify(error="unauthorized", message="Login required"), 401
    return redirect("/login?next=" + request.path)

@app.route("/login")
def login():
    return "<html><head><title>Sign in</title></head><body><form method=post><input name=user></form></body></html>"

@app.route("/account")
@login_required
def account():
    return f"<h1>Hello {current_user.id}</h1>"

@app.route("/api/me")
@login_required
def api_me():
    return jsonify(user=current_user.id)

@app.route("/v1/me")
def old_me():
    # moved: the canonical host is "localhost", not the IP
    return redirect("http://localhost:18026/api/me", code=301)

@app.route("/api/legacy")
def legacy():
    return redirect("/api/me", code=308)

if __name__ == "__main__":
    app.run(host="127.0.0.1", port=18026)
