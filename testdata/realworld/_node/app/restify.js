// restify with restify-jwt-community (HS256, aud and iss checked, a
// revocation callback), its authorizationParser for Basic, its throttle
// plugin, and restify-errors for refusals, answered in restify's JSON
// error shape ({code, message}). Recorded after the engine's rules were
// written, as a check on a framework it was never tuned on. Port 18141.
const restify = require('restify');
const errors = require('restify-errors');
const rjwt = require('restify-jwt-community');
const { jwt, now, run, b64 } = require('./lib');

const SECRET = 'rw-restify-jwt-secret';
const revoked = new Set(['rs-revoked-2']);

function start() {
  const server = restify.createServer({ name: 'restify-corpus' });
  server.use(restify.plugins.authorizationParser());
  const guard = rjwt({
    secret: SECRET, algorithms: ['HS256'], audience: 'restify-api', issuer: 'https://idp.restify.test',
    isRevoked: (req, payload, done) => done(null, Boolean(payload && revoked.has(payload.jti))),
  });
  server.get('/api/me', guard, (req, res, next) => { res.send({ sub: req.user.sub }); next(); });
  server.get('/api/admin', guard, (req, res, next) => {
    if (!(req.user.roles || []).includes('admin')) return next(new errors.ForbiddenError('Only administrators may list the audit log'));
    res.send({ ok: true }); next();
  });
  server.get('/basic/me', (req, res, next) => {
    const a = req.authorization || {};
    if (a.scheme !== 'Basic' || !a.basic) {
      res.header('WWW-Authenticate', 'Basic realm="restify"');
      return next(new errors.UnauthorizedError('Basic credentials required'));
    }
    if (a.basic.username !== 'rosa' || a.basic.password !== 'rosa-pa55') return next(new errors.InvalidCredentialsError('Invalid username or password'));
    res.send({ user: 'rosa' }); next();
  });
  server.get('/limited', restify.plugins.throttle({ burst: 1, rate: 0.01, ip: true }), (req, res, next) => { res.send({ ok: true }); next(); });
  server.listen(18141, '127.0.0.1', () => console.log('restify on http://127.0.0.1:18141'));
}

function cases() {
  const t = now();
  const base = { sub: 'rosa', aud: 'restify-api', iss: 'https://idp.restify.test' };
  const sign = (c, key = SECRET) => jwt.sign(c, key, { algorithm: 'HS256' });
  const tok = {
    ok: sign({ ...base, exp: t + 30 * 86400 }),
    admin: sign({ ...base, roles: ['admin'], exp: t + 30 * 86400 }),
    expired: sign({ ...base, iat: t - 7200, exp: t - 600 }),
    other: sign({ ...base, exp: t + 86400 }, 'another-restify-secret'),
    aud: sign({ ...base, aud: 'billing-api', exp: t + 86400 }),
    iss: sign({ ...base, iss: 'https://idp.other.test', exp: t + 86400 }),
    nbf: sign({ ...base, nbf: t + 480, exp: t + 4000 }),
    revoked: sign({ ...base, jti: 'rs-revoked-2', exp: t + 86400 }),
  };
  const H = v => `curl -H 'Authorization: ${v}'`;
  const B = v => H(`Bearer ${v}`);
  const c = (name, cause, curl, note) => ({ name, cause, curl, note });
  const U = '{{BASE}}';
  return [
    c('jwt-ok', '', `${B(tok.ok)} ${U}/api/me`, 'restify-jwt-community'),
    c('jwt-missing', 'missing_credentials', `curl ${U}/api/me`, 'InvalidCredentials "No authorization token was found"'),
    c('jwt-expired', 'expired_token', `${B(tok.expired)} ${U}/api/me`, 'Unauthorized "The token has expired"'),
    c('jwt-other-secret', 'signature_mismatch', `${B(tok.other)} ${U}/api/me`, 'jsonwebtoken "invalid signature"'),
    c('jwt-wrong-aud', 'wrong_audience', `${B(tok.aud)} ${U}/api/me`, 'jsonwebtoken "jwt audience invalid"'),
    c('jwt-wrong-iss', 'wrong_audience', `${B(tok.iss)} ${U}/api/me`, 'jsonwebtoken "jwt issuer invalid"'),
    c('jwt-nbf-future', 'clock_skew', `${B(tok.nbf)} ${U}/api/me`, 'jsonwebtoken "jwt not active"'),
    c('jwt-revoked', 'revoked_credentials', `${B(tok.revoked)} ${U}/api/me`, 'isRevoked: "The token has been revoked."'),
    c('jwt-corrupt', 'invalid_token', `${B('eyJhbGciOiJIUzI1NiJ9.bm90LWpzb24.c2ln')} ${U}/api/me`, 'a JWT whose payload is not JSON'),
    c('jwt-basic-sent', 'wrong_scheme', `${H('Basic ' + b64('rosa:rosa-pa55'))} ${U}/api/me`, '"Format is Authorization: Bearer [token] or Jwt [token]"'),
    c('jwt-no-scheme', 'malformed_authorization', `${H(tok.ok)} ${U}/api/me`, 'the token with no scheme before it'),
    c('jwt-bearer-undefined', 'missing_credentials', `${B('undefined')} ${U}/api/me`, 'a client that sent an unset variable'),
    c('admin-ok', '', `${B(tok.admin)} ${U}/api/admin`, 'roles has admin'),
    c('admin-forbidden', 'forbidden', `${B(tok.ok)} ${U}/api/admin`, 'ForbiddenError'),
    c('basic-ok', '', `curl -u rosa:rosa-pa55 ${U}/basic/me`, 'authorizationParser'),
    c('basic-missing', 'missing_credentials', `curl ${U}/basic/me`, 'UnauthorizedError with a Basic challenge'),
    c('basic-wrong-password', 'invalid_credentials', `curl -u rosa:wrong ${U}/basic/me`, 'InvalidCredentialsError'),
    c('basic-bearer-sent', 'wrong_scheme', `${B(tok.ok)} ${U}/basic/me`, 'a Bearer token to the Basic route'),
    c('limited-1', '', `curl ${U}/limited`, 'throttle plugin, first request'),
    c('limited-2', 'rate_limited', `curl ${U}/limited`, 'throttle plugin: 429 TooManyRequests'),
    c('not-found', 'not_found', `curl ${U}/api/nothing`, 'restify ResourceNotFound'),
    c('wrong-method', 'not_found', `curl -X DELETE ${U}/api/me`, 'restify MethodNotAllowed 405'),
  ];
}

run('restify', 'restify', ['restify', 'restify-errors', 'restify-jwt-community'], cases, start);
