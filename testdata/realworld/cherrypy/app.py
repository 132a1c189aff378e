# CherryPy's auth_basic and auth_digest tools, HTTPError, and its error pages
# with tracebacks shown (default) or hidden (environment: production).
import sys
import cherrypy
from cherrypy.lib import auth_digest

USERS = {"alice": "secret", "bob": "hunter2"}

def check(realm, user, pw):
    return USERS.get(user) == pw

class Basic:
    @cherrypy.expose
    @cherrypy.tools.json_out()
    def index(self):
        return {"user": cherrypy.request.login}
    @cherrypy.expose
    def admin(self):
        if cherrypy.request.login != "bob":
            raise cherrypy.HTTPError(403, "Admins only.")
        return "ok"

class Digest:
    @cherrypy.expose
    def index(self):
        return "hello " + cherrypy.request.login

class Root:
    @cherrypy.expose
    def boom(self):
        return str({}["missing"])
    @cherrypy.expose
    def busy(self):
        raise cherrypy.HTTPError(503, "Database pool exhausted, try again later.")

if __name__ == "__main__":
    prod = sys.argv[1] == "prod"
    cherrypy.config.update({"server.socket_host": "127.0.0.1", "server.socket_port": 18045 if prod else 18046,
                            "log.screen": False})
    if prod:
        cherrypy.config.update({"environment": "production"})
    cherrypy.tree.mount(Root(), "/")
    cherrypy.tree.mount(Basic(), "/basic", {"/": {"tools.auth_basic.on": True, "tools.auth_basic.realm": "cherry",
                                                  "tools.auth_basic.checkpassword": check}})
    cherrypy.tree.mount(Digest(), "/digest", {"/": {"tools.auth_digest.on": True, "tools.auth_digest.realm": "cherry",
        "tools.auth_digest.get_ha1": auth_digest.get_ha1_dict_plain(USERS), "tools.auth_digest.key": "a565c27146791cfb"}})
    cherrypy.engine.start()
    cherrypy.engine.block()
