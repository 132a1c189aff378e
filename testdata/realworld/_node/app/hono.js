// Hono on @hono/node-server with its own middleware as its docs show
// them: jwt (HS256, aud and iss checked), bearer-auth (a token list),
// basic-auth, ip-restriction, and a route that throws. Recorded after the
// engine's rules were written, as a check on how it reads a framework it
// was never tuned on. Port 18140.
const { Hono } = require('hono');
const { serve } = require('@hono/node-server');
const { jwt: honoJwt } = require('hono/jwt');
const { bearerAuth } = require('hono/bearer-auth');
const { basicAuth } = require('hono/basic-auth');
const { ipRestriction } = require('hono/ip-restriction');
const { getConnInfo } = require('@hono/node-server/conninfo');
const { HTTPException } = require('hono/http-exception');
const { jwt, now, run, b64 } = require('./lib');

const SECRET = 'rw-hono-jwt-secret';

function start() {
  const app = new Hono();
  const verify = honoJwt({ secret: SECRET, alg: 'HS256', verification: { aud: 'hono-api', iss: 'https://idp.hono.test' } });
  app.use('/jwt/*', verify);
  app.get('/jwt/me', c => c.json({ sub: c.get('jwtPayload').sub }));
  app.get('/jwt/admin', c => {
    const p = c.get('jwtPayload');
    if (!(p.roles || []).includes('admin')) throw new HTTPException(403, { message: 'admin role required' });
    return c.json({ ok: true });
  });
  app.get('/jwt/reports', c => {
    const p = c.get('jwtPayload');
    if (!String(p.scope || '').split(' ').includes('reports:read')) throw new HTTPException(403, { message: 'insufficient scope: reports:read required' });
    return c.json({ reports: [] });
  });

  app.use('/static-token/*', bearerAuth({ token: ['hono-static-token-7c1d9e'] }));
  app.get('/static-token/ping', c => c.json({ pong: true }));

  app.use('/basic/*', basicAuth({ username: 'hana', password: 'hana-pa55word' }));
  app.get('/basic/me', c => c.json({ user: 'hana' }));

  app.use('/internal/*', ipRestriction(getConnInfo, { denyList: ['127.0.0.1', '::1'] }));
  app.get('/internal/stats', c => c.json({ ok: true }));

  app.get('/crash', c => { const cfg = undefined; return c.json({ v: cfg.version }); });

  serve({ fetch: app.fetch, port: 18140, hostname: '127.0.0.1' }, () => console.log('hono on http://127.0.0.1:18140'));
}

function cases() {
  const t = now();
  const base = { sub: 'hana', aud: 'hono-api', iss: 'https://idp.hono.test' };
  const sign = (c, key = SECRET) => jwt.sign(c, key, { algorithm: 'HS256' });
  const tok = {
    ok: sign({ ...base, exp: t + 30 * 86400 }),
    admin: sign({ ...base, roles: ['admin'], exp: t + 30 * 86400 }),
    scoped: sign({ ...base, scope: 'reports:read', exp: t + 30 * 86400 }),
    expired: sign({ ...base, iat: t - 7200, exp: t - 600 }),
    other: sign({ ...base, exp: t + 86400 }, 'another-hono-secret'),
    nbf: sign({ ...base, nbf: t + 480, exp: t + 4000 }),
    none: jwt.sign({ ...base, exp: t + 86400 }, null, { algorithm: 'none' }),
  };
  const H = v => `curl -H 'Authorization: ${v}'`;
  const B = v => H(`Bearer ${v}`);
  const c = (name, cause, curl, note) => ({ name, cause, curl, note });
  const U = '{{BASE}}';
  return [
    c('jwt-ok', '', `${B(tok.ok)} ${U}/jwt/me`, 'hono/jwt'),
    c('jwt-missing', 'missing_credentials', `curl ${U}/jwt/me`, 'no Authorization: invalid_request, "no authorization included in request"'),
    c('jwt-expired', 'expired_token', `${B(tok.expired)} ${U}/jwt/me`, 'exp ten minutes ago; hono says only "token verification failure"'),
    c('jwt-other-secret', 'signature_mismatch', `${B(tok.other)} ${U}/jwt/me`, 'signed with another secret'),
    c('jwt-nbf-future', 'clock_skew', `${B(tok.nbf)} ${U}/jwt/me`, 'nbf eight minutes ahead'),
    c('jwt-alg-none', 'invalid_token', `${B(tok.none)} ${U}/jwt/me`, 'an unsigned token'),
    c('jwt-not-a-jwt', 'invalid_token', `${B('not-a-jwt-at-all')} ${U}/jwt/me`, 'an opaque string where a JWT is expected'),
    c('jwt-token-scheme', 'wrong_scheme', `${H('Token ' + tok.ok)} ${U}/jwt/me`, 'the JWT under the scheme Token: "invalid credentials structure"'),
    c('jwt-basic-sent', 'wrong_scheme', `${H('Basic ' + b64('hana:hana-pa55word'))} ${U}/jwt/me`, 'Basic to the JWT routes'),
    c('jwt-bearer-empty', 'missing_credentials', `${H('Bearer')} ${U}/jwt/me`, 'the scheme and no token'),
    c('jwt-double-bearer', 'malformed_authorization', `${H('Bearer Bearer ' + tok.ok)} ${U}/jwt/me`, 'Bearer twice'),
    c('jwt-admin-ok', '', `${B(tok.admin)} ${U}/jwt/admin`, 'roles has admin'),
    c('jwt-not-admin', 'forbidden', `${B(tok.ok)} ${U}/jwt/admin`, 'HTTPException 403 "admin role required"'),
    c('jwt-scope-ok', '', `${B(tok.scoped)} ${U}/jwt/reports`, 'scope reports:read'),
    c('jwt-no-scope', 'insufficient_scope', `${B(tok.ok)} ${U}/jwt/reports`, 'HTTPException 403 naming the scope'),
    c('static-ok', '', `${B('hono-static-token-7c1d9e')} ${U}/static-token/ping`, 'bearer-auth'),
    c('static-missing', 'missing_credentials', `curl ${U}/static-token/ping`, 'bearer-auth without a header: 401 Unauthorized'),
    c('static-wrong', 'invalid_token', `${B('hono-static-token-000000')} ${U}/static-token/ping`, 'a token not in the list'),
    c('static-basic-sent', 'wrong_scheme', `${H('Basic ' + b64('hana:hana-pa55word'))} ${U}/static-token/ping`, 'Basic to bearer-auth: 400 Bad Request'),
    c('basic-ok', '', `curl -u hana:hana-pa55word ${U}/basic/me`, 'basic-auth'),
    c('basic-missing', 'missing_credentials', `curl ${U}/basic/me`, 'basic-auth challenge'),
    c('basic-wrong-password', 'invalid_credentials', `curl -u hana:wrong-password ${U}/basic/me`, 'wrong password'),
    c('basic-bearer-sent', 'wrong_scheme', `${B(tok.ok)} ${U}/basic/me`, 'a Bearer token to basic-auth'),
    c('ip-denied', 'forbidden', `curl ${U}/internal/stats`, 'ip-restriction denies loopback: plain "Forbidden"'),
    c('not-found', 'not_found', `${B(tok.ok)} ${U}/jwt/nothing-here`, 'hono\'s 404 "404 Not Found" behind the jwt middleware'),
    c('crash', 'server_error', `curl ${U}/crash`, 'a handler that throws: 500 "Internal Server Error"'),
  ];
}

run('hono', 'hono', ['hono', '@hono/node-server'], cases, start);
