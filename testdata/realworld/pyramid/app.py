# Pyramid 2.0 security policy over HTTP Basic, view permissions, and a
# forbidden view that challenges anonymous API callers; served by waitress.
from pyramid.authentication import extract_http_basic_credentials
from pyramid.authorization import ACLHelper, Allow, Authenticated, Everyone
from pyramid.config import Configurator
from pyramid.httpexceptions import HTTPForbidden, HTTPUnauthorized
from pyramid.security import forget
from pyramid.view import forbidden_view_config, view_config
from waitress import serve

USERS = {"alice": ("secret", []), "bob": ("hunter2", ["group:editors"])}

class Root:
    __acl__ = [(Allow, Authenticated, "view"), (Allow, "group:editors", "edit")]
    def __init__(self, request):
        pass

class BasicPolicy:
    def identity(self, request):
        creds = extract_http_basic_credentials(request)
        if creds and creds.username in USERS and USERS[creds.username][0] == creds.password:
            return creds.username
    def authenticated_userid(self, request):
        return self.identity(request)
    def permits(self, request, context, permission):
        uid = self.identity(request)
        principals = [Everyone]
        if uid:
            principals += [Authenticated, uid] + USERS[uid][1]
        return ACLHelper().permits(context, principals, permission)
    def remember(self, request, userid, **kw):
        return []
    def forget(self, request, **kw):
        return [("WWW-Authenticate", 'Basic realm="pyramid"')]

@view_config(route_name="api_me", renderer="json", permission="view")
@view_config(route_name="site_me", renderer="string", permission="view")
def me(request):
    return {"user": request.authenticated_userid}

@view_config(route_name="api_edit", renderer="json", permission="edit")
def edit(request):
    return {"ok": True}

@view_config(route_name="api_boom", renderer="json")
def boom(request):
    return {"x": [][0]}

@forbidden_view_config()
def forbidden(request):
    if request.path.startswith("/api/") and request.authenticated_userid is None:
        return HTTPUnauthorized(headers=forget(request))
    return request.exception

if __name__ == "__main__":
    with Configurator(root_factory=Root) as config:
        config.set_security_policy(BasicPolicy())
        config.add_route("api_me", "/api/me")
        config.add_route("site_me", "/site/me")
        config.add_route("api_edit", "/api/edit")
        config.add_route("api_boom", "/api/boom")
        config.scan()
        app = config.make_wsgi_app()
    serve(app, host="127.0.0.1", port=18050)
