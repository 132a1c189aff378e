// express + express-http-proxy in development (18133): errors other than
// ECONNRESET go to Express's final handler; the timeout option answers 504.
// Upstreams: 18134 (working, slow, dropping), 18135 left closed.
const express = require('express');
const http = require('http');
const proxy = require('express-http-proxy');
const { run, listen } = require('./lib');

function start() {
  const up = http.createServer((req, res) => {
    if (req.url.startsWith('/slow')) return setTimeout(() => res.end('late'), 4000);
    if (req.url.startsWith('/drop')) return req.socket.destroy();
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{"ok":true}');
  });
  listen(up, 18134, 'upstream');
  const app = express();
  app.use('/down', proxy('127.0.0.1:18135'));
  app.use('/svc', proxy('127.0.0.1:18134', { timeout: 1000 }));
  app.use('/raw', proxy('127.0.0.1:18134'));
  listen(app, 18133, 'express-http-proxy');
}

function cases() {
  const c = (name, cause, curl, note) => ({ name, cause, curl, note });
  const U = '{{BASE}}';
  return [
    c('ok', '', `curl ${U}/svc/items`, 'working upstream'),
    c('upstream-refused', 'upstream_unavailable', `curl ${U}/down/items`, 'upstream port closed: ECONNREFUSED goes to the development error page as a 500'),
    c('upstream-refused-post', 'upstream_unavailable', `curl -X POST -H 'Content-Type: application/json' -d '{"a":1}' ${U}/down/orders`, 'the same for a POST'),
    c('upstream-timeout', 'upstream_unavailable', `curl ${U}/svc/slow`, 'upstream takes 4s, timeout 1s: 504 with X-Timeout-Reason'),
    c('upstream-dropped', 'upstream_unavailable', `curl ${U}/raw/drop`, 'upstream closes the socket: ECONNRESET, 504'),
  ];
}

run('express-http-proxy', 'express-http-proxy', ['express', 'express-http-proxy'], cases, start);
