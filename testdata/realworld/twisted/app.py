# twisted.web.guard: HTTPAuthSessionWrapper with a Portal over an in-memory
# checker, offering Basic and Digest; plus plain twisted.web resources.
import sys
from zope.interface import implementer
from twisted.cred.checkers import InMemoryUsernamePasswordDatabaseDontUse
from twisted.cred.portal import IRealm, Portal
from twisted.internet import reactor
from twisted.web import resource, server
from twisted.web.guard import BasicCredentialFactory, DigestCredentialFactory, HTTPAuthSessionWrapper
from twisted.web.resource import ForbiddenResource, NoResource

class Hello(resource.Resource):
    isLeaf = True
    def __init__(self, user):
        super().__init__(); self.user = user
    def render_GET(self, request):
        request.setHeader(b"content-type", b"application/json")
        return b'{"user": "%s"}' % self.user

@implementer(IRealm)
class Realm:
    def requestAvatar(self, avatarId, mind, *interfaces):
        if resource.IResource in interfaces:
            return resource.IResource, Hello(avatarId), lambda: None
        raise NotImplementedError()

class Boom(resource.Resource):
    isLeaf = True
    def render_GET(self, request):
        return {}["x"]

def guarded(factories):
    checker = InMemoryUsernamePasswordDatabaseDontUse(alice=b"secret")
    return HTTPAuthSessionWrapper(Portal(Realm(), [checker]), factories)

root = resource.Resource()
root.putChild(b"basic", guarded([BasicCredentialFactory(b"twisted")]))
root.putChild(b"digest", guarded([DigestCredentialFactory(b"md5", b"twisted")]))
root.putChild(b"both", guarded([DigestCredentialFactory(b"md5", b"twisted"), BasicCredentialFactory(b"twisted")]))
root.putChild(b"private", ForbiddenResource("You are not allowed here."))
root.putChild(b"boom", Boom())
site = server.Site(root)
site.displayTracebacks = len(sys.argv) > 1 and sys.argv[1] == "debug"
reactor.listenTCP(18056 if site.displayTracebacks else 18055, site, interface="127.0.0.1")
reactor.run()
