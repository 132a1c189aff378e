// fastify with @fastify/jwt (HS256, allowed aud and iss, trusted() as the
// revocation check), @fastify/basic-auth and @fastify/rate-limit, with
// fastify's own JSON error answers. Port 18111.
const Fastify = require('fastify');
const { jwt, now, run, b64 } = require('./lib');

const SECRET = 'rw-fastify-jwt-secret';
const revoked = new Set(['fj-revoked-5']);

async function start() {
  const app = Fastify();
  await app.register(require('@fastify/rate-limit'), { global: false });
  await app.register(require('@fastify/jwt'), {
    secret: SECRET,
    verify: { allowedAud: 'fastify-api', allowedIss: 'https://idp.example.test', algorithms: ['HS256'] },
    trusted: (request, decoded) => !revoked.has(decoded.jti),
  });
  const auth = async req => { await req.jwtVerify(); };
  app.get('/jwt', { onRequest: auth }, async req => ({ sub: req.user.sub }));
  app.get('/admin', { onRequest: auth }, async (req, reply) => {
    if (!(req.user.roles || []).includes('admin')) return reply.code(403).send({ statusCode: 403, error: 'Forbidden', message: 'Admin role required' });
    return { ok: true };
  });
  app.get('/crash', async () => { const cfg = undefined; return { v: cfg.version }; });
  app.get('/limited', { config: { rateLimit: { max: 1, timeWindow: '1 minute' } } }, async () => ({ ok: true }));

  await app.register(async child => {
    await child.register(require('@fastify/basic-auth'), {
      authenticate: { realm: 'fastify-admin' },
      validate: async (username, password) => {
        if (username !== 'erin' || password !== 'erin-s3cret') throw new Error('Invalid username or password');
      },
    });
    child.addHook('onRequest', child.basicAuth);
    child.get('/basic', async () => ({ ok: true }));
  });
  await app.listen({ port: 18111, host: '127.0.0.1' });
  console.log('fastify on http://127.0.0.1:18111');
}

function cases() {
  const t = now();
  const base = { sub: 'erin', aud: 'fastify-api', iss: 'https://idp.example.test' };
  const sign = (c, key = SECRET) => jwt.sign(c, key, { algorithm: 'HS256' });
  const tok = {
    ok: sign({ ...base, exp: t + 30 * 86400 }),
    expired: sign({ ...base, iat: t - 7200, exp: t - 600 }),
    other: sign({ ...base, exp: t + 86400 }, 'a-different-fastify-secret'),
    aud: sign({ ...base, aud: 'payments-api', exp: t + 86400 }),
    iss: sign({ ...base, iss: 'https://idp.staging.example.test', exp: t + 86400 }),
    nbf: sign({ ...base, nbf: t + 480, exp: t + 4000 }),
    revoked: sign({ ...base, jti: 'fj-revoked-5', exp: t + 86400 }),
    none: jwt.sign({ ...base, exp: t + 86400 }, null, { algorithm: 'none' }),
  };
  const H = v => `curl -H 'Authorization: ${v}'`;
  const B = v => H(`Bearer ${v}`);
  const c = (name, cause, curl, note) => ({ name, cause, curl, note });
  const U = '{{BASE}}';
  return [
    c('jwt-ok', '', `${B(tok.ok)} ${U}/jwt`, '@fastify/jwt'),
    c('jwt-no-credentials', 'missing_credentials', `curl ${U}/jwt`, 'FST_JWT_NO_AUTHORIZATION_IN_HEADER'),
    c('jwt-expired', 'expired_token', `${B(tok.expired)} ${U}/jwt`, 'exp ten minutes ago (FST_JWT_AUTHORIZATION_TOKEN_EXPIRED)'),
    c('jwt-other-secret', 'signature_mismatch', `${B(tok.other)} ${U}/jwt`, 'signed with another secret'),
    c('jwt-wrong-audience', 'wrong_audience', `${B(tok.aud)} ${U}/jwt`, 'aud payments-api'),
    c('jwt-wrong-issuer', 'wrong_audience', `${B(tok.iss)} ${U}/jwt`, 'iss of the staging IdP'),
    c('jwt-not-yet-valid', 'clock_skew', `${B(tok.nbf)} ${U}/jwt`, 'nbf eight minutes ahead'),
    c('jwt-revoked', 'revoked_credentials', `${B(tok.revoked)} ${U}/jwt`, 'trusted() returns false for this jti (FST_JWT_AUTHORIZATION_TOKEN_UNTRUSTED)'),
    c('jwt-alg-none', 'invalid_token', `${B(tok.none)} ${U}/jwt`, 'unsigned token'),
    c('jwt-garbage', 'invalid_token', `${B('5f1e2d3c4b5a69788796a5b4')} ${U}/jwt`, 'an opaque token, not a JWT'),
    c('jwt-bearer-empty', 'malformed_authorization', `${H('Bearer')} ${U}/jwt`, 'scheme without a token (FST_JWT_BAD_REQUEST)'),
    c('jwt-bearer-quoted', 'malformed_authorization', `${B('"' + tok.ok + '"')} ${U}/jwt`, 'token in double quotes'),
    c('jwt-bearer-undefined', 'malformed_authorization', `${B('undefined')} ${U}/jwt`, 'the string undefined as the token'),
    c('jwt-basic-scheme', 'wrong_scheme', `curl -u erin:erin-s3cret ${U}/jwt`, 'Basic credentials to a JWT route'),
    c('jwt-token-scheme', 'wrong_scheme', `${H('JWT ' + tok.ok)} ${U}/jwt`, 'valid token under the scheme JWT'),
    c('admin-forbidden', 'forbidden', `${B(tok.ok)} ${U}/admin`, 'valid token without role admin'),
    c('basic-ok', '', `curl -u erin:erin-s3cret ${U}/basic`, '@fastify/basic-auth'),
    c('basic-no-credentials', 'missing_credentials', `curl ${U}/basic`, 'no Authorization; Basic challenge with realm'),
    c('basic-wrong-password', 'invalid_credentials', `curl -u erin:erin-secret ${U}/basic`, 'validate throws'),
    c('basic-not-base64', 'malformed_authorization', `${H('Basic erin:erin-s3cret')} ${U}/basic`, 'user:password not base64-encoded'),
    c('basic-no-colon', 'malformed_authorization', `${H('Basic ' + b64('erin'))} ${U}/basic`, 'base64 without a colon'),
    c('basic-bearer-scheme', 'wrong_scheme', `${B(tok.ok)} ${U}/basic`, 'Bearer token to a Basic route'),
    c('limited-first', '', `curl ${U}/limited`, '@fastify/rate-limit max 1 a minute; first request'),
    c('limited-second', 'rate_limited', `curl ${U}/limited`, 'second request within the minute'),
    c('crash', 'server_error', `curl ${U}/crash`, 'handler reads a property of undefined; fastify shows the message in JSON'),
    c('not-found', 'not_found', `${B(tok.ok)} ${U}/jwt/me`, 'no such route'),
  ];
}

run('fastify', 'fastify', ['fastify', '@fastify/jwt', '@fastify/basic-auth', '@fastify/rate-limit', 'jsonwebtoken'], cases, start);
