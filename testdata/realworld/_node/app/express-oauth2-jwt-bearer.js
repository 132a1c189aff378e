// express + express-oauth2-jwt-bearer (HS256 with a shared secret, as its
// README shows), errors left to Express's final handler: development on
// 18120, production on 18121. requiredScopes guards POST /api/orders.
const express = require('express');
const { auth, requiredScopes } = require('express-oauth2-jwt-bearer');
const { jwt, now, run, listen } = require('./lib');

const SECRET = 'rw-auth0-style-secret-that-is-long-enough';
const AUD = 'https://orders.example.test';
const ISS = 'https://tenant.auth.example.test/';

function app(env) {
  const a = express();
  a.set('env', env);
  a.use('/api', auth({ issuer: ISS, audience: AUD, secret: SECRET, tokenSigningAlg: 'HS256' }));
  a.get('/api/orders', (req, res) => res.json({ sub: req.auth.payload.sub }));
  a.post('/api/orders', requiredScopes('write:orders'), (req, res) => res.status(201).json({ created: true }));
  return a;
}

function start() {
  listen(app('development'), 18120, 'express-oauth2-jwt-bearer (development)');
  listen(app('production'), 18121, 'express-oauth2-jwt-bearer (production)');
}

function cases() {
  const t = now();
  const base = { sub: 'auth0|u123', aud: AUD, iss: ISS, scope: 'read:orders' };
  const sign = (c, key = SECRET) => jwt.sign(c, key, { algorithm: 'HS256' });
  const tok = {
    ok: sign({ ...base, exp: t + 30 * 86400 }),
    writer: sign({ ...base, scope: 'read:orders write:orders', exp: t + 30 * 86400 }),
    expired: sign({ ...base, iat: t - 90000, exp: t - 3600 }),
    other: sign({ ...base, exp: t + 86400 }, 'another-tenant-secret-that-is-long-enough'),
    aud: sign({ ...base, aud: 'https://billing.example.test', exp: t + 86400 }),
    iss: sign({ ...base, iss: 'https://other-tenant.auth.example.test/', exp: t + 86400 }),
    nbf: sign({ ...base, nbf: t + 600, exp: t + 4200 }),
  };
  const H = v => `curl -H 'Authorization: ${v}'`;
  const B = v => H(`Bearer ${v}`);
  const c = (name, cause, curl, note) => ({ name, cause, curl, note });
  const out = [];
  for (const [env, U] of [['dev', 'http://127.0.0.1:18120'], ['prod', 'http://127.0.0.1:18121']]) {
    const e = env === 'dev' ? 'Express final handler in development' : 'Express final handler in production';
    out.push(
      c(`${env}-ok`, '', `${B(tok.ok)} ${U}/api/orders`, e),
      c(`${env}-no-credentials`, 'missing_credentials', `curl ${U}/api/orders`, `${e}; no token`),
      c(`${env}-expired`, 'expired_token', `${B(tok.expired)} ${U}/api/orders`, `${e}; exp an hour ago`),
      c(`${env}-other-secret`, 'signature_mismatch', `${B(tok.other)} ${U}/api/orders`, `${e}; signed with another tenant's secret`),
      c(`${env}-wrong-audience`, 'wrong_audience', `${B(tok.aud)} ${U}/api/orders`, `${e}; aud of another API`),
      c(`${env}-wrong-issuer`, 'wrong_audience', `${B(tok.iss)} ${U}/api/orders`, `${e}; iss of another tenant`),
      c(`${env}-not-yet-valid`, 'clock_skew', `${B(tok.nbf)} ${U}/api/orders`, `${e}; nbf ten minutes ahead`),
      c(`${env}-insufficient-scope`, 'insufficient_scope', `${B(tok.ok)} -X POST ${U}/api/orders`, `${e}; scope read:orders, route needs write:orders`),
      c(`${env}-basic-scheme`, 'wrong_scheme', `curl -u user:pass ${U}/api/orders`, `${e}; Basic credentials`),
      c(`${env}-bearer-empty`, 'malformed_authorization', `${H('Bearer')} ${U}/api/orders`, `${e}; scheme without a token`),
    );
  }
  out.push(
    c('dev-scope-ok', '', `${B(tok.writer)} -X POST http://127.0.0.1:18120/api/orders`, 'token with write:orders'),
    c('dev-bearer-quoted', 'malformed_authorization', `${B('"' + tok.ok + '"')} http://127.0.0.1:18120/api/orders`, 'token in double quotes'),
    c('dev-bearer-undefined', 'malformed_authorization', `${B('undefined')} http://127.0.0.1:18120/api/orders`, 'the string undefined as the token'),
    c('dev-garbage', 'invalid_token', `${B('b9c2e1f0a7d64c3e')} http://127.0.0.1:18120/api/orders`, 'opaque token, not a JWT'),
  );
  return out;
}

run('express-oauth2-jwt-bearer', 'express-oauth2-jwt-bearer', ['express', 'express-oauth2-jwt-bearer', 'jsonwebtoken'], cases, start);
