# Flask-CORS on three APIs: one allowing credentials from one origin, one with
# a wildcard origin and no credentials, one that does not allow Authorization.
from flask import Flask, jsonify, request
from flask_cors import CORS

app = Flask(__name__)
CORS(app, resources={
    r"/cred/*": {"origins": ["https://app.example.test"], "supports_credentials": True,
                 "allow_headers": ["Authorization", "Content-Type"]},
    r"/open/*": {"origins": "*"},
    r"/strict/*": {"origins": ["https://app.example.test"], "allow_headers": ["Content-Type"]},
})

def user():
    if request.headers.get("Authorization") == "Bearer tok-alice-123" or request.cookies.get("sid") == "s-alice":
        return "alice"

@app.route("/cred/me")
@app.route("/open/me")
@app.route("/strict/me")
def me():
    u = user()
    if not u:
        return jsonify(error="unauthorized"), 401
    return jsonify(user=u)

if __name__ == "__main__":
    app.run(host="127.0.0.1", port=18024)
