# Authlib's Flask integration: a ResourceProtector with an RFC 6750 bearer
# validator, a JWT route on authlib.jose, and an AuthorizationServer token endpoint.
import os, time
os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"  # plain http on 127.0.0.1
from flask import Flask, jsonify, request
from authlib.integrations.flask_oauth2 import AuthorizationServer, ResourceProtector, current_token
from authlib.oauth2.rfc6750 import BearerTokenValidator
from authlib.oauth2.rfc6749 import ClientMixin, TokenMixin, grants
from authlib.jose import jwt, JoseError

app = Flask(__name__)
NOW = time.time()

class Tok(TokenMixin):
    def __init__(self, scope, expires_at, revoked=False):
        self.scope, self.expires_at, self.revoked = scope, expires_at, revoked
    def check_client(self, client): return True
    def get_scope(self): return self.scope
    def get_expires_in(self): return 3600
    def is_expired(self): return self.expires_at < time.time()
    def is_revoked(self): return self.revoked

TOKENS = {
    "at-valid-read": Tok("read", NOW + 86400 * 365),
    "at-valid-write": Tok("read write", NOW + 86400 * 365),
    "at-expired": Tok("read", NOW - 3600),
    "at-revoked": Tok("read", NOW + 86400, revoked=True),
}

class Validator(BearerTokenValidator):
    def authenticate_token(self, token_string):
        return TOKENS.get(token_string)

require_oauth = ResourceProtector()
require_oauth.register_token_validator(Validator(realm="authlens-lab"))

@app.route("/api/profile")
@require_oauth("read")
def profile():
    return jsonify(scope=current_token.scope)

@app.route("/api/items", methods=["POST"])
@require_oauth("write")
def items():
    return jsonify(ok=True)

KEY = b"rw-secret-1"

@app.route("/api/jwt")
def jwt_route():
    auth = request.headers.get("Authorization", "")
    if not auth.startswith("Bearer "):
        return jsonify(error="missing_authorization"), 401, {"WWW-Authenticate": "Bearer"}
    try:
        claims = jwt.decode(auth[7:], KEY, claims_options={
            "iss": {"essential": True, "value": "https://issuer.test"},
            "aud": {"essential": True, "value": "authlens-api"}})
        claims.validate()
    except JoseError as e:  # authlib's error code and description, as-is
        return (jsonify(error=e.error, error_description=e.description), 401,
                {"WWW-Authenticate": f'Bearer error="invalid_token", error_description="{e.description}"'})
    return jsonify(sub=claims["sub"])

class Client(ClientMixin):
    def __init__(self, cid, secret, grants_, scope):
        self.cid, self.secret, self.grants, self.scope = cid, secret, grants_, scope
    def get_client_id(self): return self.cid
    def get_default_redirect_uri(self): return None
    def get_allowed_scope(self, scope): return " ".join(s for s in scope.split() if s in self.scope.split()) if scope else ""
    def check_redirect_uri(self, uri): return False
    def check_client_secret(self, secret): return secret == self.secret
    def check_endpoint_auth_method(self, method, endpoint): return method in ("client_secret_basic", "client_secret_post")
    def check_response_type(self, t): return False
    def check_grant_type(self, g): return g in self.grants

CLIENTS = {"cli-app": Client("cli-app", "cli-secret", ["client_credentials", "password"], "read write")}

class PasswordGrant(grants.ResourceOwnerPasswordCredentialsGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]
    def authenticate_user(self, username, password):
        if username == "alice" and password == "secret":
            return User(id=1, name="alice")

class User(dict):
    def get_user_id(self): return self["id"]

server = AuthorizationServer(app, query_client=CLIENTS.get, save_token=lambda token, req: None)
server.register_grant(grants.ClientCredentialsGrant)
server.register_grant(PasswordGrant)

@app.route("/oauth/token", methods=["POST"])
def issue_token():
    return server.create_token_response()

if __name__ == "__main__":
    app.run(host="127.0.0.1", port=18090)
