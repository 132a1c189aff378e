# Falcon resources raising its own HTTP errors, under waitress.
import base64, binascii
import falcon, jwt
from waitress import serve

SECRET, AUD = "rw-secret-1", "authlens-api"
CH = ['Bearer realm="falcon-api"']

class AuthMiddleware:
    def process_request(self, req, resp):
        if req.path.startswith("/public") or req.path.startswith("/boom") or req.path.startswith("/busy"):
            return
        auth = req.get_header("Authorization")
        if auth is None:
            raise falcon.HTTPUnauthorized(title="Authentication required",
                                          description="Please provide an auth token as part of the request.",
                                          challenges=CH)
        scheme, _, token = auth.partition(" ")
        if scheme.lower() != "bearer":
            raise falcon.HTTPUnauthorized(title="Unsupported authentication scheme",
                                          description="Use the Bearer scheme.", challenges=CH)
        if not token.strip():
            raise falcon.HTTPBadRequest(title="Malformed Authorization header",
                                        description="The Bearer token is empty.")
        try:
            req.context.claims = jwt.decode(token, SECRET, algorithms=["HS256"], audience=AUD,
                                            options={"verify_iss": False})
        except jwt.ExpiredSignatureError:
            raise falcon.HTTPUnauthorized(title="Token expired", description="The provided auth token has expired.",
                                          challenges=['Bearer realm="falcon-api", error="invalid_token", error_description="The token expired"'])
        except jwt.PyJWTError as e:
            raise falcon.HTTPUnauthorized(title="Authentication required",
                                          description="The provided auth token is not valid. " + str(e),
                                          challenges=CH)

class Me:
    def on_get(self, req, resp):
        resp.media = {"sub": req.context.claims["sub"]}

class Admin:
    def on_get(self, req, resp):
        if "admin" not in req.context.claims.get("scope", "").split():
            raise falcon.HTTPForbidden(title="Forbidden", description="Admin rights are required.")
        resp.media = {"admin": True}

class Quota:
    n = 0
    def on_get(self, req, resp):
        Quota.n += 1
        if Quota.n > 1:
            raise falcon.HTTPTooManyRequests(title="Slow down", description="Quota of 1 request per minute exceeded.",
                                             retry_after=60)
        resp.media = {"ok": True}

class Boom:
    def on_get(self, req, resp):
        raise TypeError("unsupported operand type(s) for +: 'int' and 'NoneType'")

class Busy:
    def on_get(self, req, resp):
        raise falcon.HTTPServiceUnavailable(title="Maintenance", description="Back soon.", retry_after=120)

app = falcon.App(middleware=[AuthMiddleware()])
app.add_route("/me", Me())
app.add_route("/admin", Admin())
app.add_route("/public/quota", Quota())
app.add_route("/boom", Boom())
app.add_route("/busy", Busy())

if __name__ == "__main__":
    serve(app, host="127.0.0.1", port=18080)
