// Express apps whose res.redirect sends the client to another origin, as a
// canonical-host or moved-service rule does: 127.0.0.1:18124 redirects to
// localhost:18125 (another host) or to 127.0.0.1:18126 (another port); the
// targets want the same credentials the client sent to the first hop.
const express = require('express');
const { run, listen } = require('./lib');

const TOKEN = 'Bearer rd-token-5566';

function target(name) {
  const t = express();
  t.use((req, res, next) => {
    const ok = req.headers.authorization === TOKEN
      || req.headers.authorization === 'Basic ' + Buffer.from('ivan:iv4n-pass').toString('base64')
      || /sid=rd-sess-1/.test(req.headers.cookie || '');
    if (!ok) {
      res.set('WWW-Authenticate', 'Bearer realm="api"');
      return res.status(401).json({ error: 'unauthorized', message: 'No credentials sent' });
    }
    next();
  });
  t.all('/{*rest}', (req, res) => res.json({ served_by: name, method: req.method, path: req.path }));
  return t;
}

function start() {
  const front = express();
  // Canonical host: everything moves to localhost.
  front.get('/api/me', (req, res) => res.redirect(301, 'http://localhost:18125/api/me'));
  front.post('/api/orders', (req, res) => res.redirect(302, 'http://localhost:18125/api/orders'));
  front.post('/api/keep-method', (req, res) => res.redirect(307, 'http://localhost:18125/api/keep-method'));
  // The service moved to another port.
  front.get('/v1/me', (req, res) => res.redirect(308, 'http://127.0.0.1:18126/v1/me'));
  // A redirect on the same origin keeps the credentials.
  front.get('/old/me', (req, res) => res.redirect(301, '/new/me'));
  front.use('/new', target('front'));
  listen(front, 18124, 'express-redirect (front)');
  listen(target('canonical'), 18125, 'express-redirect (localhost target)');
  listen(target('moved'), 18126, 'express-redirect (other port)');
}

function cases() {
  const c = (name, cause, curl, note) => ({ name, cause, curl, note });
  const U = '{{BASE}}';
  const B = `-H 'Authorization: ${TOKEN}'`;
  return [
    c('same-origin-ok', '', `curl ${B} ${U}/old/me`, '301 to a path on the same origin; the token goes along'),
    c('other-host-bearer', 'redirect_dropped_auth', `curl ${B} ${U}/api/me`, '301 from 127.0.0.1 to localhost; the client drops Authorization, the target answers 401'),
    c('other-host-basic', 'redirect_dropped_auth', `curl -u ivan:iv4n-pass ${U}/api/me`, 'Basic credentials, 301 to localhost'),
    c('other-host-cookie', 'redirect_dropped_auth', `curl -b 'sid=rd-sess-1' ${U}/api/me`, 'session cookie, 301 to localhost'),
    c('other-host-post-302', 'redirect_dropped_auth', `curl -X POST ${B} -H 'Content-Type: application/json' -d '{"item":"x"}' ${U}/api/orders`, 'POST answered 302 to localhost: the client follows with a GET and without the token'),
    c('other-host-post-307', 'redirect_dropped_auth', `curl -X POST ${B} -H 'Content-Type: application/json' -d '{"item":"x"}' ${U}/api/keep-method`, 'POST answered 307 to localhost'),
    c('other-port-308', 'redirect_dropped_auth', `curl ${B} ${U}/v1/me`, '308 to another port of the same host'),
    c('target-direct-ok', '', `curl ${B} http://localhost:18125/api/me`, 'the token sent straight to the target works'),
  ];
}

run('express-redirect', 'express (res.redirect)', ['express'], cases, start);
