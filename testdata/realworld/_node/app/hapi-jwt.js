// @hapi/hapi with @hapi/jwt (HS256, aud, iss, nbf and exp checks, no
// leeway) and hapi-auth-bearer-token (opaque API tokens), Boom payloads.
// Port 18132.
const Hapi = require('@hapi/hapi');
const { jwt, now, run } = require('./lib');

const SECRET = 'rw-hapi-jwt-plugin-secret-0123456789abcdef';
const apiTokens = { 'hbt_9c8b7a6f5e4d': { user: 'kim' }, 'hbt_revoked_3344': { user: 'kim', revoked: true } };

async function start() {
  const server = Hapi.server({ port: 18132, host: '127.0.0.1' });
  await server.register([require('@hapi/jwt'), require('hapi-auth-bearer-token')]);
  server.auth.strategy('jwt', 'jwt', {
    keys: { key: SECRET, algorithms: ['HS256'] },
    verify: { aud: 'hapi-jwt-api', iss: 'https://id.hapi.example.test', sub: false, nbf: true, exp: true, timeSkewSec: 0 },
    validate: artifacts => ({ isValid: true, credentials: { sub: artifacts.decoded.payload.sub, scope: artifacts.decoded.payload.scope } }),
  });
  server.auth.strategy('token', 'bearer-access-token', {
    validate: async (request, token) => {
      const t = apiTokens[token];
      return { isValid: !!t && !t.revoked, credentials: { user: t && t.user }, artifacts: {} };
    },
  });
  server.route([
    { method: 'GET', path: '/jwt', options: { auth: 'jwt' }, handler: r => ({ sub: r.auth.credentials.sub }) },
    { method: 'DELETE', path: '/jwt/projects/{id}', options: { auth: { strategy: 'jwt', scope: 'projects:delete' } }, handler: () => ({ deleted: true }) },
    { method: 'GET', path: '/token', options: { auth: 'token' }, handler: r => ({ user: r.auth.credentials.user }) },
  ]);
  await server.start();
  console.log(`hapi-jwt on ${server.info.uri}`);
}

function cases() {
  const t = now();
  const base = { sub: 'kim', aud: 'hapi-jwt-api', iss: 'https://id.hapi.example.test', scope: ['projects:read'] };
  const sign = (c, key = SECRET) => jwt.sign(c, key, { algorithm: 'HS256' });
  const tok = {
    ok: sign({ ...base, exp: t + 30 * 86400 }),
    expired: sign({ ...base, iat: t - 7200, exp: t - 300 }),
    other: sign({ ...base, exp: t + 86400 }, 'rw-hapi-jwt-plugin-secret-previous-0000000'),
    aud: sign({ ...base, aud: 'hapi-admin-api', exp: t + 86400 }),
    iss: sign({ ...base, iss: 'https://id.other.example.test', exp: t + 86400 }),
    nbf: sign({ ...base, nbf: t + 240, exp: t + 4000 }),
  };
  const H = v => `curl -H 'Authorization: ${v}'`;
  const B = v => H(`Bearer ${v}`);
  const c = (name, cause, curl, note) => ({ name, cause, curl, note });
  const U = '{{BASE}}';
  return [
    c('jwt-ok', '', `${B(tok.ok)} ${U}/jwt`, '@hapi/jwt'),
    c('jwt-no-credentials', 'missing_credentials', `curl ${U}/jwt`, 'no token'),
    c('jwt-expired', 'expired_token', `${B(tok.expired)} ${U}/jwt`, 'exp five minutes ago'),
    c('jwt-other-secret', 'signature_mismatch', `${B(tok.other)} ${U}/jwt`, 'signed with the previous secret'),
    c('jwt-wrong-audience', 'wrong_audience', `${B(tok.aud)} ${U}/jwt`, 'aud hapi-admin-api'),
    c('jwt-wrong-issuer', 'wrong_audience', `${B(tok.iss)} ${U}/jwt`, 'iss of another IdP'),
    c('jwt-not-yet-valid', 'clock_skew', `${B(tok.nbf)} ${U}/jwt`, 'nbf four minutes ahead, timeSkewSec 0'),
    c('jwt-garbage', 'invalid_token', `${B('abcdef123456')} ${U}/jwt`, 'opaque token, not a JWT'),
    c('jwt-basic-scheme', 'wrong_scheme', `curl -u kim:pw ${U}/jwt`, 'Basic credentials to a JWT route'),
    c('jwt-bearer-empty', 'malformed_authorization', `${H('Bearer')} ${U}/jwt`, 'scheme without a token'),
    c('jwt-insufficient-scope', 'insufficient_scope', `${B(tok.ok)} -X DELETE ${U}/jwt/projects/3`, 'scope projects:read, route needs projects:delete'),
    c('token-ok', '', `${B('hbt_9c8b7a6f5e4d')} ${U}/token`, 'hapi-auth-bearer-token'),
    c('token-no-credentials', 'missing_credentials', `curl ${U}/token`, 'no token'),
    c('token-unknown', 'invalid_token', `${B('hbt_000000000000')} ${U}/token`, 'token validate does not know'),
    c('token-revoked', 'revoked_credentials', `${B('hbt_revoked_3344')} ${U}/token`, 'token marked revoked; validate answers isValid false'),
    c('token-basic-scheme', 'wrong_scheme', `curl -u kim:hbt_9c8b7a6f5e4d ${U}/token`, 'the token as a Basic password'),
  ];
}

run('hapi-jwt', '@hapi/jwt, hapi-auth-bearer-token', ['@hapi/hapi', '@hapi/jwt', 'hapi-auth-bearer-token', 'jsonwebtoken'], cases, start);
