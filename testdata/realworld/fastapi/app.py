# FastAPI's security helpers, wired the way its tutorial does, with PyJWT.
import secrets
import jwt
from fastapi import Depends, FastAPI, HTTPException, Security, status
from fastapi.security import (APIKeyHeader, HTTPAuthorizationCredentials, HTTPBasic,
                              HTTPBasicCredentials, HTTPBearer, OAuth2PasswordBearer,
                              OAuth2PasswordRequestForm, SecurityScopes)

SECRET, AUD, ISS = "rw-secret-1", "authlens-api", "https://issuer.test"
app = FastAPI()
bearer = HTTPBearer()
basic = HTTPBasic()
apikey = APIKeyHeader(name="X-API-Key")
oauth2 = OAuth2PasswordBearer(tokenUrl="token", scopes={"read": "Read", "write": "Write", "admin": "Admin"})

def decode(token):
    return jwt.decode(token, SECRET, algorithms=["HS256"], audience=AUD, issuer=ISS)

@app.get("/jwt")
def jwt_route(cred: HTTPAuthorizationCredentials = Depends(bearer)):
    try:
        claims = decode(cred.credentials)
    except jwt.PyJWTError as e:  # PyJWT's own message as the detail
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail=str(e), headers={"WWW-Authenticate": "Bearer"})
    return {"sub": claims["sub"]}

@app.get("/users/me")
def me(token: str = Depends(oauth2)):
    try:
        claims = decode(token)
    except jwt.PyJWTError:  # the tutorial's single message
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail="Could not validate credentials",
                            headers={"WWW-Authenticate": "Bearer"})
    return {"sub": claims["sub"]}

def scoped(security_scopes: SecurityScopes, token: str = Depends(oauth2)):
    auth = f'Bearer scope="{security_scopes.scope_str}"' if security_scopes.scopes else "Bearer"
    try:
        claims = decode(token)
    except jwt.PyJWTError:
        raise HTTPException(401, detail="Could not validate credentials", headers={"WWW-Authenticate": auth})
    have = claims.get("scope", "").split()
    for s in security_scopes.scopes:
        if s not in have:
            raise HTTPException(401, detail="Not enough permissions", headers={"WWW-Authenticate": auth})
    return claims

@app.post("/items")
def write_item(claims=Security(scoped, scopes=["write"])):
    return {"ok": True}

@app.get("/admin/users")
def admin_users(claims=Security(scoped, scopes=["read"])):
    if claims["sub"] != "root":
        raise HTTPException(403, detail="The user doesn't have enough privileges")
    return []

@app.get("/basic")
def basic_route(c: HTTPBasicCredentials = Depends(basic)):
    ok = secrets.compare_digest(c.username.encode(), b"alice") and secrets.compare_digest(c.password.encode(), b"secret")
    if not ok:
        raise HTTPException(401, detail="Incorrect username or password", headers={"WWW-Authenticate": "Basic"})
    return {"user": c.username}

@app.get("/key")
def key_route(key: str = Security(apikey)):
    if key != "key-live-abc":
        raise HTTPException(403, detail="Could not validate credentials")
    return {"ok": True}

@app.post("/token")
def token(form: OAuth2PasswordRequestForm = Depends()):
    if form.username != "alice" or form.password != "secret":
        raise HTTPException(400, detail="Incorrect username or password")
    return {"access_token": "x", "token_type": "bearer"}

@app.get("/crash")
def crash():
    return {"n": 1 / 0}
