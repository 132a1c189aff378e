// @hapi/hapi with @hapi/basic and hapi-auth-jwt2, Boom payloads as hapi
// sends them, route scopes answered by hapi itself. Port 18110.
const Hapi = require('@hapi/hapi');
const { jwt, now, run, b64 } = require('./lib');

const SECRET = 'rw-hapi-jwt-secret-0123456789';
const users = { carol: 'c4rol-pass' };

async function start() {
  const server = Hapi.server({ port: 18110, host: '127.0.0.1' });
  await server.register([require('@hapi/basic'), require('hapi-auth-jwt2')]);
  server.auth.strategy('simple', 'basic', {
    validate: async (request, username, password) => ({ isValid: users[username] === password, credentials: { name: username } }),
  });
  server.auth.strategy('jwt', 'jwt', {
    key: SECRET,
    verifyOptions: { algorithms: ['HS256'], audience: 'hapi-api', issuer: 'https://sso.example.test' },
    validate: async decoded => decoded.jti === 'jwt-revoked-11'
      ? { isValid: false, errorMessage: 'Token has been revoked' }
      : { isValid: true },
  });
  server.route([
    { method: 'GET', path: '/basic', options: { auth: 'simple' }, handler: r => ({ user: r.auth.credentials.name }) },
    { method: 'GET', path: '/jwt', options: { auth: 'jwt' }, handler: r => ({ sub: r.auth.credentials.sub }) },
    { method: 'POST', path: '/orders', options: { auth: { strategy: 'jwt', scope: ['orders:write'] } }, handler: () => ({ created: true }) },
    { method: 'GET', path: '/admin', options: { auth: { strategy: 'jwt', scope: ['admin'] } }, handler: () => ({ ok: true }) },
    { method: 'GET', path: '/crash', options: { auth: 'jwt' }, handler: r => ({ n: r.auth.credentials.profile.name }) },
  ]);
  await server.start();
  console.log(`hapi on ${server.info.uri}`);
}

function cases() {
  const t = now();
  const base = { sub: 'carol', aud: 'hapi-api', iss: 'https://sso.example.test' };
  const sign = (c, key = SECRET) => jwt.sign(c, key, { algorithm: 'HS256' });
  const tok = {
    ok: sign({ ...base, scope: ['orders:read'], exp: t + 30 * 86400 }),
    writer: sign({ ...base, scope: ['orders:read', 'orders:write'], exp: t + 30 * 86400 }),
    expired: sign({ ...base, iat: t - 7200, exp: t - 60 * 20 }),
    other: sign({ ...base, exp: t + 86400 }, 'rw-hapi-jwt-secret-rotated'),
    aud: sign({ ...base, aud: 'reports-api', exp: t + 86400 }),
    nbf: sign({ ...base, nbf: t + 400, exp: t + 4000 }),
    revoked: sign({ ...base, jti: 'jwt-revoked-11', exp: t + 86400 }),
  };
  const H = v => `curl -H 'Authorization: ${v}'`;
  const B = v => H(`Bearer ${v}`);
  const c = (name, cause, curl, note) => ({ name, cause, curl, note });
  const U = '{{BASE}}';
  return [
    c('basic-ok', '', `curl -u carol:c4rol-pass ${U}/basic`, '@hapi/basic'),
    c('basic-no-credentials', 'missing_credentials', `curl ${U}/basic`, 'Boom "Missing authentication" with a Basic challenge'),
    c('basic-wrong-password', 'invalid_credentials', `curl -u carol:carol-pass ${U}/basic`, 'wrong password'),
    c('basic-unknown-user', 'invalid_credentials', `curl -u dave:c4rol-pass ${U}/basic`, 'user not known'),
    c('basic-not-base64', 'malformed_authorization', `${H('Basic carol:c4rol-pass')} ${U}/basic`, 'user:password not base64-encoded'),
    c('basic-no-colon', 'malformed_authorization', `${H('Basic ' + b64('carol'))} ${U}/basic`, 'base64 of a user name with no colon and password'),
    c('basic-bearer-scheme', 'wrong_scheme', `${B(tok.ok)} ${U}/basic`, 'Bearer token to a Basic route'),
    c('jwt-ok', '', `${B(tok.ok)} ${U}/jwt`, 'hapi-auth-jwt2'),
    c('jwt-no-credentials', 'missing_credentials', `curl ${U}/jwt`, 'no token'),
    c('jwt-expired', 'expired_token', `${B(tok.expired)} ${U}/jwt`, 'exp twenty minutes ago'),
    c('jwt-other-secret', 'signature_mismatch', `${B(tok.other)} ${U}/jwt`, 'signed with a rotated secret'),
    c('jwt-wrong-audience', 'wrong_audience', `${B(tok.aud)} ${U}/jwt`, 'aud reports-api'),
    c('jwt-not-yet-valid', 'clock_skew', `${B(tok.nbf)} ${U}/jwt`, 'nbf about seven minutes ahead'),
    c('jwt-revoked', 'revoked_credentials', `${B(tok.revoked)} ${U}/jwt`, 'validate answers isValid false, errorMessage "Token has been revoked"'),
    c('jwt-garbage', 'invalid_token', `${B('abc.def')} ${U}/jwt`, 'two-part string, not a JWT'),
    c('jwt-bearer-empty', 'malformed_authorization', `${H('Bearer')} ${U}/jwt`, 'scheme without a token'),
    c('jwt-bearer-undefined', 'malformed_authorization', `${B('undefined')} ${U}/jwt`, 'the string undefined as the token'),
    c('jwt-bearer-quoted', 'malformed_authorization', `${B('"' + tok.ok + '"')} ${U}/jwt`, 'token in double quotes'),
    c('jwt-basic-scheme', 'wrong_scheme', `curl -u carol:c4rol-pass ${U}/jwt`, 'Basic credentials to a JWT route'),
    c('orders-insufficient-scope', 'insufficient_scope', `${B(tok.ok)} -X POST ${U}/orders`, 'token scope orders:read; the route needs orders:write, hapi answers 403 "Insufficient scope"'),
    c('orders-ok', '', `${B(tok.writer)} -X POST ${U}/orders`, 'token with orders:write'),
    c('admin-insufficient-scope', 'insufficient_scope', `${B(tok.writer)} ${U}/admin`, 'route scope admin, token has only orders scopes'),
    c('crash', 'server_error', `${B(tok.ok)} ${U}/crash`, 'handler reads a property of undefined; Boom 500'),
    c('not-found', 'not_found', `${B(tok.ok)} ${U}/jwts`, 'no such route; Boom 404'),
  ];
}

run('hapi', '@hapi/hapi', ['@hapi/hapi', '@hapi/basic', 'hapi-auth-jwt2', 'jsonwebtoken'], cases, start);
