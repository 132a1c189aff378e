// express + passport with the strategies of passport-http-bearer,
// passport-http (Basic and Digest), passport-jwt and passport-headerapikey,
// each used as its README shows, with sessions off. Port 18103.
const express = require('express');
const passport = require('passport');
const BearerStrategy = require('passport-http-bearer').Strategy;
const { BasicStrategy, DigestStrategy } = require('passport-http');
const { Strategy: JwtStrategy, ExtractJwt } = require('passport-jwt');
const { HeaderAPIKeyStrategy } = require('passport-headerapikey');
const { jwt, now, run, listen, b64 } = require('./lib');

const SECRET = 'rw-passport-jwt-secret';
const users = { alice: 'correct-horse' };
const tokens = {
  'at-2f9d1c7be04a': { user: 'alice' },
  'at-expired-51aa': { user: 'alice', expired: true },
  'at-revoked-90cc': { user: 'alice', revoked: true },
};
const keys = { 'k_live_3b1f9a0c2d7e': 'alice' };

passport.use(new BearerStrategy((token, done) => {
  const t = tokens[token];
  if (!t) return done(null, false);
  if (t.expired) return done(null, false, 'The access token expired');
  if (t.revoked) return done(null, false, 'The access token has been revoked');
  done(null, { name: t.user });
}));
passport.use(new BasicStrategy((user, pass, done) => done(null, users[user] === pass ? { name: user } : false)));
passport.use(new DigestStrategy({ qop: 'auth' }, (user, done) => {
  if (!users[user]) return done(null, false);
  done(null, { name: user }, users[user]);
}));
passport.use(new JwtStrategy({
  jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
  secretOrKey: SECRET, issuer: 'https://auth.example.test', audience: 'orders-api',
}, (payload, done) => done(null, { name: payload.sub })));
passport.use(new HeaderAPIKeyStrategy({ header: 'X-API-Key', prefix: '' }, false,
  (key, done) => done(null, keys[key] ? { name: keys[key] } : false)));

function start() {
  const app = express();
  app.use(passport.initialize());
  const ok = (req, res) => res.json({ user: req.user.name });
  const a = s => passport.authenticate(s, { session: false });
  app.get('/bearer', a('bearer'), ok);
  app.get('/basic', a('basic'), ok);
  app.get('/digest', a('digest'), ok);
  app.get('/jwt', a('jwt'), ok);
  app.get('/apikey', a('headerapikey'), ok);
  app.get('/either', a(['bearer', 'basic']), ok);
  // The custom callback form, answering with the strategy's message.
  app.get('/jwt-json', (req, res, next) => passport.authenticate('jwt', { session: false }, (err, user, info) => {
    if (err) return next(err);
    if (!user) return res.status(401).json({ message: info && info.message ? info.message : String(info) });
    res.json({ user: user.name });
  })(req, res, next));
  listen(app, 18103, 'passport');
}

function cases() {
  const t = now();
  const base = { sub: 'alice', iss: 'https://auth.example.test', aud: 'orders-api' };
  const sign = (c, key = SECRET) => jwt.sign(c, key, { algorithm: 'HS256' });
  const tok = {
    ok: sign({ ...base, exp: t + 30 * 86400 }),
    expired: sign({ ...base, iat: t - 90000, exp: t - 3600 }),
    other: sign({ ...base, exp: t + 86400 }, 'not-the-server-secret'),
    aud: sign({ ...base, aud: 'billing-api', exp: t + 86400 }),
    iss: sign({ ...base, iss: 'https://other-idp.example.test', exp: t + 86400 }),
    nbf: sign({ ...base, nbf: t + 300, exp: t + 3900 }),
  };
  const H = v => `curl -H 'Authorization: ${v}'`;
  const B = v => H(`Bearer ${v}`);
  const c = (name, cause, curl, note) => ({ name, cause, curl, note });
  const U = '{{BASE}}';
  return [
    c('bearer-ok', '', `${B('at-2f9d1c7be04a')} ${U}/bearer`, 'passport-http-bearer with a known opaque token'),
    c('bearer-no-credentials', 'missing_credentials', `curl ${U}/bearer`, 'no Authorization; Bearer challenge without error'),
    c('bearer-unknown-token', 'invalid_token', `${B('at-0000deadbeef')} ${U}/bearer`, 'token the verify callback does not know; error="invalid_token"'),
    c('bearer-expired', 'expired_token', `${B('at-expired-51aa')} ${U}/bearer`, 'verify callback fails with message "The access token expired"'),
    c('bearer-revoked', 'revoked_credentials', `${B('at-revoked-90cc')} ${U}/bearer`, 'verify callback fails with message "The access token has been revoked"'),
    c('bearer-basic-scheme', 'wrong_scheme', `curl -u alice:correct-horse ${U}/bearer`, 'Basic to a Bearer-only route: passport answers as if nothing was sent'),
    c('bearer-token-scheme', 'wrong_scheme', `${H('Token at-2f9d1c7be04a')} ${U}/bearer`, 'known token under the scheme Token'),
    c('bearer-empty', 'malformed_authorization', `${H('Bearer')} ${U}/bearer`, 'scheme with no token: passport-http-bearer fails with 400'),
    c('bearer-double-space', 'malformed_authorization', `${H('Bearer  at-2f9d1c7be04a')} ${U}/bearer`, 'two spaces: the header splits in three parts, 400'),
    c('bearer-quoted', 'malformed_authorization', `${B('"at-2f9d1c7be04a"')} ${U}/bearer`, 'known token in double quotes'),
    c('basic-ok', '', `curl -u alice:correct-horse ${U}/basic`, 'passport-http BasicStrategy'),
    c('basic-no-credentials', 'missing_credentials', `curl ${U}/basic`, 'Basic challenge'),
    c('basic-wrong-password', 'invalid_credentials', `curl -u alice:Correct-Horse ${U}/basic`, 'wrong password'),
    c('basic-unknown-user', 'invalid_credentials', `curl -u mallory:correct-horse ${U}/basic`, 'user name not known'),
    c('basic-not-base64', 'malformed_authorization', `${H('Basic alice:correct-horse')} ${U}/basic`, 'user:password sent without base64; decodes to no colon, 400'),
    c('basic-no-colon', 'malformed_authorization', `${H('Basic ' + b64('alicecorrect-horse'))} ${U}/basic`, 'base64 of a value without a colon, 400'),
    c('basic-bearer-scheme', 'wrong_scheme', `${B('at-2f9d1c7be04a')} ${U}/basic`, 'Bearer token to a Basic-only route'),
    c('digest-ok', '', `curl --digest -u alice:correct-horse ${U}/digest`, 'passport-http DigestStrategy, qop auth'),
    c('digest-no-credentials', 'missing_credentials', `curl ${U}/digest`, 'Digest challenge'),
    c('digest-wrong-password', 'invalid_credentials', `curl --digest -u alice:wrong-horse ${U}/digest`, 'the client answers the challenge with a wrong password'),
    c('digest-basic-sent', 'wrong_scheme', `curl -u alice:correct-horse ${U}/digest`, 'Basic credentials to a Digest-only route'),
    c('jwt-ok', '', `${B(tok.ok)} ${U}/jwt`, 'passport-jwt'),
    c('jwt-no-credentials', 'missing_credentials', `curl ${U}/jwt`, 'passport-jwt answers a bare 401 Unauthorized'),
    c('jwt-expired', 'expired_token', `${B(tok.expired)} ${U}/jwt`, 'exp an hour ago; bare 401'),
    c('jwt-other-secret', 'signature_mismatch', `${B(tok.other)} ${U}/jwt`, 'signed with another secret; bare 401'),
    c('jwt-wrong-audience', 'wrong_audience', `${B(tok.aud)} ${U}/jwt`, 'aud billing-api; bare 401'),
    c('jwt-not-yet-valid', 'clock_skew', `${B(tok.nbf)} ${U}/jwt`, 'nbf five minutes ahead; bare 401'),
    c('jwt-basic-scheme', 'wrong_scheme', `curl -u alice:correct-horse ${U}/jwt`, 'Basic to passport-jwt'),
    c('jwtjson-no-credentials', 'missing_credentials', `curl ${U}/jwt-json`, 'custom callback: JSON with the strategy message'),
    c('jwtjson-expired', 'expired_token', `${B(tok.expired)} ${U}/jwt-json`, 'custom callback; "jwt expired"'),
    c('jwtjson-other-secret', 'signature_mismatch', `${B(tok.other)} ${U}/jwt-json`, 'custom callback; "invalid signature"'),
    c('jwtjson-wrong-issuer', 'wrong_audience', `${B(tok.iss)} ${U}/jwt-json`, 'custom callback; iss of another IdP'),
    c('jwtjson-not-yet-valid', 'clock_skew', `${B(tok.nbf)} ${U}/jwt-json`, 'custom callback; "jwt not active"'),
    c('jwtjson-undefined', 'malformed_authorization', `${B('undefined')} ${U}/jwt-json`, 'the string undefined as the token'),
    c('apikey-ok', '', `curl -H 'X-API-Key: k_live_3b1f9a0c2d7e' ${U}/apikey`, 'passport-headerapikey'),
    c('apikey-missing', 'missing_credentials', `curl ${U}/apikey`, 'no X-API-Key header'),
    c('apikey-invalid', 'invalid_api_key', `curl -H 'X-API-Key: k_live_000000000000' ${U}/apikey`, 'unknown key'),
    c('apikey-in-bearer', 'wrong_scheme', `${B('k_live_3b1f9a0c2d7e')} ${U}/apikey`, 'valid key sent as a Bearer token instead of X-API-Key'),
    c('either-no-credentials', 'missing_credentials', `curl ${U}/either`, 'bearer then basic: two challenges'),
    c('either-wrong-password', 'invalid_credentials', `curl -u alice:nope ${U}/either`, 'Basic with a wrong password where Bearer or Basic is accepted'),
    c('either-unknown-token', 'invalid_token', `${B('at-ffffffffffff')} ${U}/either`, 'unknown bearer token where Bearer or Basic is accepted'),
  ];
}

run('passport', 'passport', ['express', 'passport', 'passport-http-bearer', 'passport-http', 'passport-jwt', 'passport-headerapikey', 'jsonwebtoken'], cases, start);
