# hug's built-in authenticators (basic, api_key, token), served by waitress.
import hug, jwt
from waitress import serve

SECRET = "rw-secret-1"

basic = hug.authentication.basic(hug.authentication.verify("alice", "secret"))
apikey = hug.authentication.api_key(lambda key: "alice" if key == "key-live-abc" else None)

def check_token(header):
    scheme, _, tok = header.partition(" ")
    if scheme != "Bearer":
        return None
    try:
        return jwt.decode(tok, SECRET, algorithms=["HS256"], audience="authlens-api")["sub"]
    except jwt.PyJWTError:
        return None

token = hug.authentication.token(check_token)

@hug.get("/basic", requires=basic)
def basic_route(user: hug.directives.user):
    return {"user": user}

@hug.get("/key", requires=apikey)
def key_route(user: hug.directives.user):
    return {"user": user}

@hug.get("/token", requires=token)
def token_route(user: hug.directives.user):
    return {"user": user}

@hug.get("/boom")
def boom():
    return 1 / 0

if __name__ == "__main__":
    serve(__hug_wsgi__, host="127.0.0.1", port=18035)
