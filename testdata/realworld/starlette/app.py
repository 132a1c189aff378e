# Starlette's AuthenticationMiddleware with the Basic backend from its docs,
# and @requires for permissions.
import base64, binascii, sys
from starlette.applications import Starlette
from starlette.authentication import (AuthCredentials, AuthenticationBackend, AuthenticationError,
                                      SimpleUser, requires)
from starlette.middleware import Middleware
from starlette.middleware.authentication import AuthenticationMiddleware
from starlette.responses import JSONResponse
from starlette.routing import Route

USERS = {"alice": ("secret", ["authenticated"]), "bob": ("hunter2", ["authenticated", "admin"])}

class BasicAuthBackend(AuthenticationBackend):
    async def authenticate(self, conn):
        if "Authorization" not in conn.headers:
            return
        auth = conn.headers["Authorization"]
        try:
            scheme, credentials = auth.split()
            if scheme.lower() != "basic":
                return
            decoded = base64.b64decode(credentials).decode("ascii")
        except (ValueError, UnicodeDecodeError, binascii.Error):
            raise AuthenticationError("Invalid basic auth credentials")
        username, _, password = decoded.partition(":")
        u = USERS.get(username)
        if not u or u[0] != password:
            raise AuthenticationError("Incorrect username or password")
        return AuthCredentials(u[1]), SimpleUser(username)

@requires("authenticated")
async def profile(request):
    return JSONResponse({"user": request.user.display_name})

@requires("authenticated", status_code=401)
async def api_profile(request):
    return JSONResponse({"user": request.user.display_name})

@requires(["authenticated", "admin"])
async def admin(request):
    return JSONResponse({"admin": True})

async def crash(request):
    raise RuntimeError("cache backend not configured")

debug = len(sys.argv) > 1 and sys.argv[1] == "debug"
app = Starlette(debug=debug, routes=[
    Route("/profile", profile), Route("/api/profile", api_profile),
    Route("/admin", admin), Route("/crash", crash)],
    middleware=[Middleware(AuthenticationMiddleware, backend=BasicAuthBackend())])

if __name__ == "__main__":
    import uvicorn
    uvicorn.run(app, host="127.0.0.1", port=18031 if debug else 18030)
