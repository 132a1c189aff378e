// express + express-basic-auth, with its defaults (no challenge, empty
// body), with challenge and realm, and with an unauthorizedResponse
// function as its README shows. Port 18104.
const express = require('express');
const basicAuth = require('express-basic-auth');
const { run, listen, b64 } = require('./lib');

const users = { admin: 'supersecret', ops: 'hunter2!' };

function start() {
  const app = express();
  app.get('/plain', basicAuth({ users }), (req, res) => res.send(`hello ${req.auth.user}`));
  app.get('/challenge', basicAuth({ users, challenge: true, realm: 'Imb4T3st4pp' }), (req, res) => res.send('ok'));
  app.get('/custom', basicAuth({
    users,
    unauthorizedResponse: req => req.auth
      ? `Credentials ${req.auth.user}:${req.auth.password} rejected`
      : 'No credentials provided',
  }), (req, res) => res.send('ok'));
  app.get('/async', basicAuth({
    authorizer: (u, p, cb) => cb(null, basicAuth.safeCompare(u, 'admin') & basicAuth.safeCompare(p, 'supersecret')),
    authorizeAsync: true, challenge: true,
    unauthorizedResponse: { error: 'unauthorized', message: 'Invalid username or password' },
  }), (req, res) => res.json({ ok: true }));
  listen(app, 18104, 'express-basic-auth');
}

function cases() {
  const H = v => `curl -H 'Authorization: ${v}'`;
  const c = (name, cause, curl, note) => ({ name, cause, curl, note });
  const U = '{{BASE}}';
  const out = [];
  for (const r of ['plain', 'challenge', 'custom', 'async']) {
    const what = { plain: 'defaults: 401 with an empty body and no challenge', challenge: 'challenge: true with a realm', custom: 'unauthorizedResponse function', async: 'async authorizer, JSON unauthorizedResponse' }[r];
    out.push(
      c(`${r}-ok`, '', `curl -u admin:supersecret ${U}/${r}`, what),
      c(`${r}-no-credentials`, 'missing_credentials', `curl ${U}/${r}`, what),
      c(`${r}-wrong-password`, 'invalid_credentials', `curl -u admin:supersecret1 ${U}/${r}`, `${what}; wrong password`),
    );
  }
  out.push(
    c('plain-unknown-user', 'invalid_credentials', `curl -u root:supersecret ${U}/plain`, 'defaults; user not known'),
    c('challenge-not-base64', 'malformed_authorization', `${H('Basic admin:supersecret')} ${U}/challenge`, 'user:password not base64-encoded'),
    c('challenge-no-colon', 'malformed_authorization', `${H('Basic ' + b64('admin supersecret'))} ${U}/challenge`, 'base64 of a value with a space instead of a colon'),
    c('challenge-bearer', 'wrong_scheme', `${H('Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl')} ${U}/challenge`, 'a bearer token to a Basic-only route'),
    c('custom-bearer', 'wrong_scheme', `${H('Bearer 6f1c2d9e8a7b')} ${U}/custom`, 'unauthorizedResponse function; Bearer instead of Basic'),
    c('plain-not-found', 'not_found', `curl -u admin:supersecret ${U}/plian`, 'mistyped path'),
  );
  return out;
}

run('express-basic-auth', 'express-basic-auth', ['express', 'express-basic-auth'], cases, start);
