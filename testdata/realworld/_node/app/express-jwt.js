// express + express-jwt (HS256, audience, issuer, isRevoked). Port 18101
// runs in development (the default error handler prints the stack), with
// two routers whose error handlers follow common tutorials; port 18102 runs
// the same API in production.
const express = require('express');
const { expressjwt } = require('express-jwt');
const { jwt, now, run, listen } = require('./lib');

const SECRET = 'rw-express-jwt-secret';
const AUD = 'https://api.example.test';
const ISS = 'https://login.example.test/';
const revoked = new Set(['tok-revoked-7']);

const guard = () => expressjwt({
  secret: SECRET, algorithms: ['HS256'], audience: AUD, issuer: ISS,
  isRevoked: async (req, token) => revoked.has(token.payload.jti),
});

function api(app) {
  app.get('/api/me', guard(), (req, res) => res.json({ sub: req.auth.sub }));
  app.get('/api/admin', guard(), (req, res, next) => {
    if (req.auth.role !== 'admin') {
      const e = new Error('Forbidden: admin role required');
      e.status = 403;
      return next(e);
    }
    res.json({ ok: true });
  });
}

function start() {
  const dev = express();
  api(dev);
  // The error handler from express-jwt's README.
  const readme = express.Router();
  readme.get('/readme/me', guard(), (req, res) => res.json({ sub: req.auth.sub }));
  readme.use((err, req, res, next) => {
    if (err.name === 'UnauthorizedError') res.status(401).send('invalid token...');
    else next(err);
  });
  dev.use(readme);
  // A JSON error handler that passes the error code and message on.
  const js = express.Router();
  js.get('/json/me', guard(), (req, res) => res.json({ sub: req.auth.sub }));
  js.use((err, req, res, next) => {
    res.status(err.status || 500).json({ error: err.code || 'error', message: err.message });
  });
  dev.use(js);
  listen(dev, 18101, 'express-jwt (development)');

  const prod = express();
  prod.set('env', 'production');
  api(prod);
  listen(prod, 18102, 'express-jwt (production)');
}

function cases() {
  const t = now();
  const base = { sub: 'alice', aud: AUD, iss: ISS };
  const sign = (c, key = SECRET, o = {}) => jwt.sign(c, key, { algorithm: 'HS256', ...o });
  const good = sign({ ...base, exp: t + 30 * 86400 });
  const tok = {
    ok: good,
    expired: sign({ ...base, iat: t - 7200, exp: t - 3600 }),
    othersecret: sign({ ...base, exp: t + 86400 }, 'some-other-secret'),
    aud: sign({ ...base, aud: 'https://other-api.example.test', exp: t + 86400 }),
    iss: sign({ ...base, iss: 'https://evil.example.test/', exp: t + 86400 }),
    nbf: sign({ ...base, nbf: t + 600, exp: t + 4200 }),
    revoked: sign({ ...base, jti: 'tok-revoked-7', exp: t + 86400 }),
    none: jwt.sign({ ...base, exp: t + 86400 }, null, { algorithm: 'none' }),
  };
  const H = v => `curl -H 'Authorization: ${v}'`;
  const B = v => H(`Bearer ${v}`);
  const c = (name, cause, curl, note) => ({ name, cause, curl, note });
  const D = '{{BASE}}', P = 'http://127.0.0.1:18102';
  return [
    c('dev-ok', '', `${B(tok.ok)} ${D}/api/me`, 'valid HS256 token with the right aud and iss'),
    c('dev-no-credentials', 'missing_credentials', `curl ${D}/api/me`, 'no Authorization header; express-jwt credentials_required, default error handler in development'),
    c('dev-expired', 'expired_token', `${B(tok.expired)} ${D}/api/me`, 'exp an hour ago; "jwt expired" in the development error page'),
    c('dev-other-secret', 'signature_mismatch', `${B(tok.othersecret)} ${D}/api/me`, 'token signed with another HS256 secret'),
    c('dev-wrong-audience', 'wrong_audience', `${B(tok.aud)} ${D}/api/me`, 'aud is another API'),
    c('dev-wrong-issuer', 'wrong_audience', `${B(tok.iss)} ${D}/api/me`, 'iss is another issuer'),
    c('dev-not-yet-valid', 'clock_skew', `${B(tok.nbf)} ${D}/api/me`, 'nbf ten minutes after the request ("jwt not active")'),
    c('dev-revoked', 'revoked_credentials', `${B(tok.revoked)} ${D}/api/me`, 'jti listed by isRevoked (revoked_token)'),
    c('dev-alg-none', 'invalid_token', `${B(tok.none)} ${D}/api/me`, 'unsigned token (alg none) to an HS256-only API'),
    c('dev-garbage-token', 'invalid_token', `${B('abc123notajwt')} ${D}/api/me`, 'opaque string that is not a JWT ("jwt malformed")'),
    c('dev-bearer-empty', 'malformed_authorization', `${H('Bearer')} ${D}/api/me`, 'scheme with no token (credentials_bad_format)'),
    c('dev-bearer-quoted', 'malformed_authorization', `${B('"' + tok.ok + '"')} ${D}/api/me`, 'valid token wrapped in double quotes'),
    c('dev-bearer-undefined', 'malformed_authorization', `${B('undefined')} ${D}/api/me`, 'client sent the string undefined as the token'),
    c('dev-bearer-double-space', 'malformed_authorization', `${H('Bearer  ' + tok.ok)} ${D}/api/me`, 'two spaces between scheme and token (credentials_bad_format)'),
    c('dev-basic-scheme', 'wrong_scheme', `curl -u alice:secret ${D}/api/me`, 'Basic credentials to a Bearer-only API (credentials_bad_scheme)'),
    c('dev-token-scheme', 'wrong_scheme', `${H('Token ' + tok.ok)} ${D}/api/me`, 'valid token under the scheme Token'),
    c('dev-forbidden', 'forbidden', `${B(tok.ok)} ${D}/api/admin`, 'valid token without role admin; the route passes a 403 error to the default handler'),
    c('dev-not-found', 'not_found', `${B(tok.ok)} ${D}/api/mee`, 'mistyped path; Express "Cannot GET"'),
    c('readme-no-credentials', 'missing_credentials', `curl ${D}/readme/me`, 'README error handler: text "invalid token..." for every UnauthorizedError'),
    c('readme-expired', 'expired_token', `${B(tok.expired)} ${D}/readme/me`, 'README error handler; exp an hour ago'),
    c('readme-other-secret', 'signature_mismatch', `${B(tok.othersecret)} ${D}/readme/me`, 'README error handler; token signed with another secret'),
    c('readme-wrong-audience', 'wrong_audience', `${B(tok.aud)} ${D}/readme/me`, 'README error handler; aud is another API'),
    c('readme-ok', '', `${B(tok.ok)} ${D}/readme/me`, 'valid token'),
    c('json-no-credentials', 'missing_credentials', `curl ${D}/json/me`, 'JSON handler passing err.code and err.message'),
    c('json-expired', 'expired_token', `${B(tok.expired)} ${D}/json/me`, 'JSON handler; exp an hour ago'),
    c('json-not-yet-valid', 'clock_skew', `${B(tok.nbf)} ${D}/json/me`, 'JSON handler; nbf ten minutes ahead'),
    c('json-revoked', 'revoked_credentials', `${B(tok.revoked)} ${D}/json/me`, 'JSON handler; revoked_token'),
    c('json-basic-scheme', 'wrong_scheme', `curl -u alice:secret ${D}/json/me`, 'JSON handler; Basic to Bearer-only'),
    c('json-wrong-issuer', 'wrong_audience', `${B(tok.iss)} ${D}/json/me`, 'JSON handler; iss is another issuer'),
    c('prod-no-credentials', 'missing_credentials', `curl ${P}/api/me`, 'default error handler in production: only the status text'),
    c('prod-expired', 'expired_token', `${B(tok.expired)} ${P}/api/me`, 'production; exp an hour ago'),
    c('prod-other-secret', 'signature_mismatch', `${B(tok.othersecret)} ${P}/api/me`, 'production; token signed with another secret'),
    c('prod-forbidden', 'forbidden', `${B(tok.ok)} ${P}/api/admin`, 'production; valid token without role admin'),
  ];
}

run('express-jwt', 'express-jwt', ['express', 'express-jwt', 'jsonwebtoken'], cases, start);
