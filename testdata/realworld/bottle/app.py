# Bottle's auth_basic decorator, abort() and its error pages, debug on and off.
import sys
import bottle
from bottle import abort, auth_basic, request, route, run

def check(user, pw):
    return (user, pw) in {("alice", "secret"), ("bob", "hunter2")}

@route("/private")
@auth_basic(check, realm="bottle")
def private():
    return {"user": request.auth[0]}

@route("/admin")
@auth_basic(check, realm="bottle")
def admin():
    if request.auth[0] != "bob":
        abort(403, "Admins only.")
    return {"admin": True}

@route("/feed")
def feed():
    if request.headers.get("X-API-Key") != "key-live-abc":
        abort(401, "Invalid or missing API key.")
    return {"items": []}

@route("/boom")
def boom():
    return {"n": len(None)}

if __name__ == "__main__":
    debug = sys.argv[1] == "debug"
    bottle.debug(debug)
    run(host="127.0.0.1", port=18061 if debug else 18060, quiet=True)
