# aiohttp.web with an auth middleware on its HTTP exceptions and BasicAuth.decode,
# and a client call to an upstream that is down.
import aiohttp
from aiohttp import web

USERS = {"alice": "secret"}
KEYS = {"key-live-abc": "alice"}

@web.middleware
async def basic_auth(request, handler):
    if request.path.startswith("/basic"):
        header = request.headers.get("Authorization")
        if header is None:
            raise web.HTTPUnauthorized(headers={"WWW-Authenticate": 'Basic realm="aiohttp"'})
        try:
            creds = aiohttp.BasicAuth.decode(header)
        except ValueError as e:
            raise web.HTTPBadRequest(text=f"Bad Authorization header: {e}")
        if USERS.get(creds.login) != creds.password:
            raise web.HTTPUnauthorized(headers={"WWW-Authenticate": 'Basic realm="aiohttp"'},
                                       text="Invalid username or password")
        request["user"] = creds.login
    if request.path.startswith("/keyed"):
        key = request.headers.get("X-API-Key") or request.query.get("api_key")
        if key is None:
            raise web.HTTPUnauthorized(reason="API key required")
        if key not in KEYS:
            raise web.HTTPForbidden(reason="Invalid API key")
        request["user"] = KEYS[key]
    return await handler(request)

async def basic_me(request):
    return web.json_response({"user": request["user"]})

async def basic_admin(request):
    raise web.HTTPForbidden(text="admin only")

async def keyed(request):
    return web.json_response({"user": request["user"]})

count = {"n": 0}
async def limited(request):
    count["n"] += 1
    if count["n"] > 2:
        raise web.HTTPTooManyRequests(headers={"Retry-After": "10"}, text='{"error":"too many requests"}',
                                      content_type="application/json")
    return web.json_response({"ok": True})

async def upstream(request):
    try:
        async with aiohttp.ClientSession() as s:
            async with s.get("http://127.0.0.1:18099/data", timeout=aiohttp.ClientTimeout(total=3)) as r:
                return web.json_response(await r.json())
    except aiohttp.ClientConnectorError as e:
        raise web.HTTPBadGateway(text=str(e))

async def crash(request):
    return web.json_response({"v": int("abc")})

app = web.Application(middlewares=[basic_auth])
app.add_routes([web.get("/basic/me", basic_me), web.get("/basic/admin", basic_admin), web.get("/keyed/data", keyed),
                web.get("/limited", limited), web.get("/upstream", upstream), web.get("/crash", crash)])

if __name__ == "__main__":
    web.run_app(app, host="127.0.0.1", port=18040)
