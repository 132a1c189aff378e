# Mints the JWTs the Python folders' cases use (authlib, falcon, fastapi,
# flask-httpauth, hug): /usr/bin/python3 _py/jwt_tokens.py
import jwt, json
S="rw-secret-1"; O="other-secret"
base={"sub":"alice","aud":"authlens-api","iss":"https://issuer.test","iat":1700000000,"scope":"read"}
def t(secret=S, **kw):
    c=dict(base); c.update(kw); c={k:v for k,v in c.items() if v is not None}
    return jwt.encode(c, secret, algorithm="HS256")
out={
 "valid": t(exp=4070908800),
 "valid_admin": t(exp=4070908800, scope="read write admin", sub="root"),
 "expired": t(exp=1704067200),
 "badsig": t(O, exp=4070908800),
 "wrongaud": t(exp=4070908800, aud="other-api"),
 "wrongiss": t(exp=4070908800, iss="https://evil.test"),
 "nbf": t(exp=4070908800, nbf=4070000000),
 "noscope": t(exp=4070908800, scope=""),
}
json.dump(out, open("/tmp/rw/tokens.json","w"), indent=1)
for k,v in out.items(): print(k, v)
