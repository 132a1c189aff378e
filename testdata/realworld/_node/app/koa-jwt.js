// koa + koa-jwt + @koa/router. Port 18108: /api with koa-jwt's defaults
// ("Authentication Error" for every failure), /debug with debug: true (the
// reason is the body), /web reading the token from a cookie. Port 18109: the
// 401 handler from koa-jwt's README in front of the defaults.
const Koa = require('koa');
const { Router } = require('@koa/router');
const koaJwt = require('koa-jwt');
const { jwt, now, run, listen } = require('./lib');

const SECRET = 'rw-koa-jwt-secret';
const opts = { secret: SECRET, algorithms: ['HS256'], audience: 'koa-api', issuer: 'https://id.example.test' };
const isRevoked = async (ctx, payload) => payload.jti === 'sess-revoked-3';

function router() {
  const r = new Router();
  const me = ctx => { ctx.body = { sub: ctx.state.user.sub }; };
  r.get('/api/me', koaJwt({ ...opts, isRevoked }), me);
  r.get('/api/admin', koaJwt(opts), ctx => {
    if (ctx.state.user.role !== 'admin') ctx.throw(403, 'Admin role required');
    ctx.body = { ok: true };
  });
  r.get('/api/crash', koaJwt(opts), ctx => { ctx.body = { total: ctx.state.user.cart.total }; });
  r.get('/debug/me', koaJwt({ ...opts, isRevoked, debug: true }), me);
  r.get('/web/me', koaJwt({ ...opts, cookie: 'access_token', debug: true }), me);
  return r;
}

function start() {
  const app = new Koa();
  app.use(router().routes());
  listen(app, 18108, 'koa-jwt');

  const readme = new Koa();
  readme.use((ctx, next) => next().catch(err => {
    if (err.status === 401) {
      ctx.status = 401;
      ctx.body = 'Protected resource, use Authorization header to get access\n';
    } else throw err;
  }));
  readme.use(router().routes());
  listen(readme, 18109, 'koa-jwt (README 401 handler)');
}

function cases() {
  const t = now();
  const base = { sub: 'bob', aud: 'koa-api', iss: 'https://id.example.test' };
  const sign = (c, key = SECRET) => jwt.sign(c, key, { algorithm: 'HS256' });
  const tok = {
    ok: sign({ ...base, exp: t + 30 * 86400 }),
    expired: sign({ ...base, iat: t - 86400, exp: t - 1800 }),
    other: sign({ ...base, exp: t + 86400 }, 'rw-koa-jwt-secret-staging'),
    aud: sign({ ...base, aud: 'admin-api', exp: t + 86400 }),
    nbf: sign({ ...base, nbf: t + 900, exp: t + 4500 }),
    revoked: sign({ ...base, jti: 'sess-revoked-3', exp: t + 86400 }),
  };
  const H = v => `curl -H 'Authorization: ${v}'`;
  const B = v => H(`Bearer ${v}`);
  const c = (name, cause, curl, note) => ({ name, cause, curl, note });
  const out = [];
  for (const [p, route, what] of [
    ['api', '{{BASE}}/api/me', 'koa-jwt defaults: "Authentication Error"'],
    ['debug', '{{BASE}}/debug/me', 'koa-jwt debug: true'],
    ['readme', 'http://127.0.0.1:18109/api/me', 'README 401 handler: one text for every 401'],
  ]) {
    out.push(
      c(`${p}-ok`, '', `${B(tok.ok)} ${route}`, what),
      c(`${p}-no-credentials`, 'missing_credentials', `curl ${route}`, `${what}; no Authorization`),
      c(`${p}-expired`, 'expired_token', `${B(tok.expired)} ${route}`, `${what}; exp half an hour ago`),
      c(`${p}-other-secret`, 'signature_mismatch', `${B(tok.other)} ${route}`, `${what}; signed with the staging secret`),
      c(`${p}-wrong-audience`, 'wrong_audience', `${B(tok.aud)} ${route}`, `${what}; aud admin-api`),
      c(`${p}-not-yet-valid`, 'clock_skew', `${B(tok.nbf)} ${route}`, `${what}; nbf fifteen minutes ahead`),
      c(`${p}-revoked`, 'revoked_credentials', `${B(tok.revoked)} ${route}`, `${what}; isRevoked says yes`),
      c(`${p}-basic-scheme`, 'wrong_scheme', `curl -u bob:pa55word ${route}`, `${what}; Basic credentials`),
      c(`${p}-bearer-empty`, 'malformed_authorization', `${H('Bearer')} ${route}`, `${what}; scheme without a token`),
    );
  }
  out.push(
    c('debug-garbage', 'invalid_token', `${B('not-a-jwt')} {{BASE}}/debug/me`, 'debug; "jwt malformed"'),
    c('debug-quoted', 'malformed_authorization', `${B('"' + tok.ok + '"')} {{BASE}}/debug/me`, 'debug; token in double quotes'),
    c('web-ok', '', `curl -b 'access_token=${tok.ok}' {{BASE}}/web/me`, 'token in a cookie'),
    c('web-no-cookie', 'missing_credentials', `curl {{BASE}}/web/me`, 'cookie access_token not sent; debug "Token not found"'),
    c('web-expired-cookie', 'expired_token', `curl -b 'access_token=${tok.expired}' {{BASE}}/web/me`, 'expired token in the cookie'),
    c('api-forbidden', 'forbidden', `${B(tok.ok)} {{BASE}}/api/admin`, 'valid token without role admin; ctx.throw(403)'),
    c('api-crash', 'server_error', `${B(tok.ok)} {{BASE}}/api/crash`, 'handler reads a property of undefined; Koa answers "Internal Server Error"'),
    c('api-not-found', 'not_found', `${B(tok.ok)} {{BASE}}/api/users/me`, 'no such route; Koa "Not Found"'),
  );
  return out;
}

run('koa-jwt', 'koa-jwt', ['koa', 'koa-jwt', '@koa/router', 'jsonwebtoken'], cases, start);
