// express + @node-oauth/express-oauth-server (on @node-oauth/oauth2-server)
// with an in-memory model: the token endpoint (password, client
// credentials and refresh grants) and resources guarded by authenticate(),
// one of them needing scope write. Port 18112.
const express = require('express');
const OAuthServer = require('@node-oauth/express-oauth-server');
const { run, listen, b64 } = require('./lib');

const day = 86400e3;
const client = { id: 'web-app', secret: 'web-app-s3cret', grants: ['password', 'client_credentials', 'refresh_token'], redirectUris: [] };
const users = { frank: { username: 'frank', password: 'fr4nk-pass' } };
const access = {
  'oat_read_7c1d2e3f4a5b': { scope: ['read'], exp: Date.now() + 30 * day },
  'oat_write_1a2b3c4d5e6f': { scope: ['read', 'write'], exp: Date.now() + 30 * day },
  'oat_expired_9f8e7d6c5b': { scope: ['read', 'write'], exp: Date.now() - 3600e3 },
};
const refresh = {
  'ort_valid_0a1b2c3d': Date.now() + 30 * day,
  'ort_expired_4e5f6a7b': Date.now() - day,
};

const model = {
  getClient: async (id, secret) => (id === client.id && (secret === null || secret === client.secret)) ? client : null,
  getUser: async (u, p) => (users[u] && users[u].password === p) ? { username: u } : null,
  getUserFromClient: async () => ({ username: 'service' }),
  validateScope: async (user, c, scope) => scope || ['read'],
  saveToken: async (token, c, user) => {
    access[token.accessToken] = { scope: token.scope, exp: token.accessTokenExpiresAt.getTime() };
    return { ...token, client: c, user };
  },
  getAccessToken: async token => {
    const t = access[token];
    return t && { accessToken: token, accessTokenExpiresAt: new Date(t.exp), scope: t.scope, client, user: users.frank };
  },
  getRefreshToken: async token => refresh[token] && {
    refreshToken: token, refreshTokenExpiresAt: new Date(refresh[token]), scope: ['read'], client, user: users.frank,
  },
  revokeToken: async () => true,
  verifyScope: async (token, scope) => scope.every(s => token.scope.includes(s)),
};

function start() {
  const app = express();
  const oauth = new OAuthServer({ model, requireClientAuthentication: { password: true, refresh_token: true } });
  app.use(express.urlencoded({ extended: false }));
  app.post('/oauth/token', oauth.token());
  app.get('/api/profile', oauth.authenticate(), (req, res) => res.json({ user: res.locals.oauth.token.user.username }));
  app.post('/api/notes', oauth.authenticate({ scope: 'write' }), (req, res) => res.status(201).json({ created: true }));
  listen(app, 18112, 'oauth2-server');
}

function cases() {
  const c = (name, cause, curl, note) => ({ name, cause, curl, note });
  const U = '{{BASE}}';
  const B = v => `curl -H 'Authorization: Bearer ${v}'`;
  const T = (auth, body) => `curl -X POST ${auth} -H 'Content-Type: application/x-www-form-urlencoded' -d '${body}' ${U}/oauth/token`;
  const basic = (id, secret) => `-H 'Authorization: Basic ${b64(id + ':' + secret)}'`;
  return [
    c('token-password-ok', '', T(basic('web-app', 'web-app-s3cret'), 'grant_type=password&username=frank&password=fr4nk-pass&scope=read'), 'password grant with the right user and client'),
    c('token-wrong-password', 'invalid_credentials', T(basic('web-app', 'web-app-s3cret'), 'grant_type=password&username=frank&password=frank-pass'), 'wrong user password: 400 invalid_grant'),
    c('token-unknown-user', 'invalid_credentials', T(basic('web-app', 'web-app-s3cret'), 'grant_type=password&username=grace&password=fr4nk-pass'), 'user not known: 400 invalid_grant'),
    c('token-wrong-client-secret-basic', 'invalid_credentials', T(basic('web-app', 'web-app-secret'), 'grant_type=client_credentials'), 'client secret wrong, sent with Basic: 401 invalid_client with a Basic challenge'),
    c('token-wrong-client-secret-body', 'invalid_credentials', T('', 'grant_type=client_credentials&client_id=web-app&client_secret=wrong'), 'client secret wrong, sent in the form: 400 invalid_client'),
    c('token-unknown-client', 'invalid_credentials', T(basic('mobile-app', 'web-app-s3cret'), 'grant_type=client_credentials'), 'client id not known'),
    c('token-no-client', 'missing_credentials', T('', 'grant_type=client_credentials'), 'no client credentials at all: 400 invalid_client'),
    c('token-client-credentials-ok', '', T(basic('web-app', 'web-app-s3cret'), 'grant_type=client_credentials&scope=read'), 'client credentials grant'),
    c('token-refresh-expired', 'expired_token', T(basic('web-app', 'web-app-s3cret'), 'grant_type=refresh_token&refresh_token=ort_expired_4e5f6a7b'), 'refresh token expired a day ago: invalid_grant'),
    c('token-refresh-unknown', 'invalid_token', T(basic('web-app', 'web-app-s3cret'), 'grant_type=refresh_token&refresh_token=ort_bogus_00000000'), 'refresh token not known: invalid_grant'),
    c('token-refresh-ok', '', T(basic('web-app', 'web-app-s3cret'), 'grant_type=refresh_token&refresh_token=ort_valid_0a1b2c3d'), 'refresh grant'),
    c('api-ok', '', `${B('oat_read_7c1d2e3f4a5b')} ${U}/api/profile`, 'authenticate() with a known token'),
    c('api-no-credentials', 'missing_credentials', `curl ${U}/api/profile`, '401 with an empty body and Bearer realm="Service"'),
    c('api-unknown-token', 'invalid_token', `${B('oat_unknown_123456')} ${U}/api/profile`, 'token the model does not know'),
    c('api-expired', 'expired_token', `${B('oat_expired_9f8e7d6c5b')} ${U}/api/profile`, 'accessTokenExpiresAt an hour ago'),
    c('api-bearer-empty', 'malformed_authorization', `curl -H 'Authorization: Bearer' ${U}/api/profile`, 'scheme with no token: 400 invalid_request'),
    c('api-bearer-quoted', 'malformed_authorization', `${B('"oat_read_7c1d2e3f4a5b"')} ${U}/api/profile`, 'token in double quotes: 400 malformed authorization header'),
    c('api-basic-scheme', 'wrong_scheme', `curl -u frank:fr4nk-pass ${U}/api/profile`, 'Basic credentials to a Bearer resource: 400 invalid_request'),
    c('notes-insufficient-scope', 'insufficient_scope', `${B('oat_read_7c1d2e3f4a5b')} -X POST ${U}/api/notes`, 'token scope read, route needs write: 403 insufficient_scope'),
    c('notes-ok', '', `${B('oat_write_1a2b3c4d5e6f')} -X POST ${U}/api/notes`, 'token with scope write'),
    c('notes-expired', 'expired_token', `${B('oat_expired_9f8e7d6c5b')} -X POST ${U}/api/notes`, 'expired token on a scoped route'),
  ];
}

run('oauth2-server', '@node-oauth/oauth2-server', ['express', '@node-oauth/express-oauth-server', '@node-oauth/oauth2-server'], cases, start);
