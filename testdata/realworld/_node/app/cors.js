// express + cors, configured as its README shows, for a page on
// https://app.example.test that calls the API with credentials: "include"
// (a session cookie) or its own Authorization header. Port 18123.
const express = require('express');
const cors = require('cors');
const { run, listen } = require('./lib');

const APP = 'https://app.example.test';

function start() {
  const app = express();
  const session = (req, res, next) => {
    const authed = /(^|; )sid=s3ss10n-abc/.test(req.headers.cookie || '') || req.headers.authorization === 'Bearer cors-token-123';
    if (!authed) return res.status(401).json({ error: 'login required' });
    next();
  };
  const me = (req, res) => res.json({ user: 'heidi' });
  // Defaults: Access-Control-Allow-Origin: * and no Allow-Credentials.
  app.options('/open/me', cors());
  app.get('/open/me', cors(), session, me);
  // One allowed origin, credentials allowed.
  const strict = cors({ origin: APP, credentials: true });
  app.options('/strict/me', strict);
  app.get('/strict/me', strict, session, me);
  app.delete('/strict/me', strict, session, (req, res) => res.sendStatus(204));
  // One allowed origin, but credentials left off.
  const nocreds = cors({ origin: APP });
  app.options('/nocreds/me', nocreds);
  app.get('/nocreds/me', nocreds, session, me);
  // Credentials allowed, but Authorization missing from allowedHeaders and
  // DELETE missing from methods.
  const narrow = cors({ origin: APP, credentials: true, allowedHeaders: ['Content-Type'], methods: ['GET', 'POST'] });
  app.options('/narrow/me', narrow);
  app.get('/narrow/me', narrow, session, me);
  app.delete('/narrow/me', narrow, session, (req, res) => res.sendStatus(204));
  // An origin list as a function, as the README's allowlist example.
  const allow = ['https://app.example.test', 'https://admin.example.test'];
  const dyn = cors({ credentials: true, origin: (origin, cb) => cb(null, allow.includes(origin)) });
  app.options('/list/me', dyn);
  app.get('/list/me', dyn, session, me);
  listen(app, 18123, 'cors');
}

function cases() {
  const c = (name, cause, curl, note) => ({ name, cause, curl, note });
  const U = '{{BASE}}';
  const O = `-H 'Origin: ${APP}'`, EVIL = `-H 'Origin: https://app.example-test.dev'`;
  const ck = `-b 'sid=s3ss10n-abc'`, bt = `-H 'Authorization: Bearer cors-token-123'`;
  const pre = (m, h) => `curl -X OPTIONS ${O} -H 'Access-Control-Request-Method: ${m}'${h ? ` -H 'Access-Control-Request-Headers: ${h}'` : ''}`;
  return [
    c('open-cookie', 'cors_credentials', `curl ${O} ${ck} ${U}/open/me`, 'cors() defaults answer Access-Control-Allow-Origin: *; a credentialed fetch cannot read it'),
    c('open-preflight-authorization', '', `${pre('GET', 'authorization')} ${U}/open/me`, 'cors() defaults reflect the requested headers; fine for a fetch without credentials: "include"'),
    c('strict-cookie-ok', '', `curl ${O} ${ck} ${U}/strict/me`, 'allowed origin, credentials: true'),
    c('strict-bearer-ok', '', `curl ${O} ${bt} ${U}/strict/me`, 'allowed origin, Authorization header'),
    c('strict-preflight-ok', '', `${pre('GET', 'authorization')} ${U}/strict/me`, 'preflight for a GET with Authorization'),
    c('strict-other-origin', 'cors_credentials', `curl ${EVIL} ${ck} ${U}/strict/me`, 'page on another origin: cors answers with the one configured origin, which does not match'),
    c('strict-other-origin-preflight', 'cors_credentials', `curl -X OPTIONS ${EVIL} -H 'Access-Control-Request-Method: GET' -H 'Access-Control-Request-Headers: authorization' ${U}/strict/me`, 'preflight from another origin'),
    c('nocreds-cookie', 'cors_credentials', `curl ${O} ${ck} ${U}/nocreds/me`, 'allowed origin but no Access-Control-Allow-Credentials; the fetch sends the cookie'),
    c('nocreds-preflight', 'cors_credentials', `${pre('GET', 'authorization')} ${U}/nocreds/me`, 'preflight of a credentialed GET: no Allow-Credentials'),
    c('narrow-preflight-authorization', 'cors_credentials', `${pre('GET', 'authorization')} ${U}/narrow/me`, 'allowedHeaders is Content-Type only; the page sends Authorization'),
    c('narrow-preflight-delete', 'cors_credentials', `${pre('DELETE', '')} ${U}/narrow/me`, 'methods GET and POST only; the page sends DELETE'),
    c('list-ok', '', `curl ${O} ${ck} ${U}/list/me`, 'origin in the allowlist'),
    c('list-other-origin', 'cors_credentials', `curl ${EVIL} ${ck} ${U}/list/me`, 'origin not in the allowlist: no Access-Control-Allow-Origin at all'),
    c('list-no-cookie', 'missing_credentials', `curl ${O} ${U}/list/me`, 'allowed origin, but the page sent no cookie: the API answers 401 with CORS headers in place'),
  ];
}

run('express-cors', 'cors', ['express', 'cors'], cases, start);
