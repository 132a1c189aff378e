# Tornado handlers using HTTPError, @authenticated with signed cookies, and
# AsyncHTTPClient in front of an upstream that is down.
import sys
import tornado.ioloop, tornado.web
from tornado.httpclient import AsyncHTTPClient, HTTPClientError

TOKENS = {"tok-alice-123": {"user": "alice", "admin": False}, "tok-root-456": {"user": "root", "admin": True}}

class Base(tornado.web.RequestHandler):
    def get_current_user(self):
        u = self.get_secure_cookie("user")
        return u.decode() if u else None

class Login(tornado.web.RequestHandler):
    def get(self):
        self.write("<html><title>Sign in</title><form method=post><input name=name></form></html>")

class Dashboard(Base):
    @tornado.web.authenticated
    def get(self):
        self.write({"user": self.current_user})
    @tornado.web.authenticated
    def post(self):
        self.write({"saved": True})

class Api(tornado.web.RequestHandler):
    def prepare(self):
        auth = self.request.headers.get("Authorization")
        if not auth:
            self.set_header("WWW-Authenticate", 'Bearer realm="tornado"')
            raise tornado.web.HTTPError(401)
        scheme, _, tok = auth.partition(" ")
        if scheme != "Bearer":
            self.set_header("WWW-Authenticate", 'Bearer realm="tornado"')
            raise tornado.web.HTTPError(401, reason="Unsupported authorization scheme")
        if tok not in TOKENS:
            self.set_header("WWW-Authenticate", 'Bearer realm="tornado", error="invalid_token"')
            raise tornado.web.HTTPError(401, reason="Invalid token")
        self.tok = TOKENS[tok]

class Me(Api):
    def get(self):
        self.write({"user": self.tok["user"]})

class Admin(Api):
    def get(self):
        if not self.tok["admin"]:
            raise tornado.web.HTTPError(403)
        self.write({"admin": True})

class Limited(tornado.web.RequestHandler):
    n = 0
    def get(self):
        Limited.n += 1
        if Limited.n > 1:
            self.set_header("Retry-After", "30")
            raise tornado.web.HTTPError(429)
        self.write({"ok": True})

class Broken(tornado.web.RequestHandler):
    def get(self):
        return {"a": 1}["b"]

class Proxy(tornado.web.RequestHandler):
    async def get(self):
        try:
            r = await AsyncHTTPClient().fetch("http://127.0.0.1:18099/items", request_timeout=3)
        except HTTPClientError as e:
            raise tornado.web.HTTPError(e.code)
        except OSError:
            raise tornado.web.HTTPError(502)
        self.write(r.body)

def make(debug):
    return tornado.web.Application([
        (r"/login", Login), (r"/dashboard", Dashboard), (r"/api/me", Me), (r"/api/admin", Admin),
        (r"/api/limited", Limited), (r"/broken", Broken), (r"/proxy/items", Proxy)],
        cookie_secret="rw-tornado-secret", login_url="/login", debug=debug, autoreload=False)

if __name__ == "__main__":
    debug = sys.argv[1] == "debug"
    make(debug).listen(18086 if debug else 18085, address="127.0.0.1")
    tornado.ioloop.IOLoop.current().start()
