// express + http-proxy-middleware in front of upstreams on this machine:
// one that is not listening, one too slow for proxyTimeout, one that drops
// the connection, one that answers 503 itself, and one that works; plus a
// proxy whose error hook answers 502 in JSON. Proxy on 18113, upstreams on
// 18114 (18118 is left closed).
const express = require('express');
const http = require('http');
const { createProxyMiddleware } = require('http-proxy-middleware');
const { run, listen } = require('./lib');

function start() {
  const up = http.createServer((req, res) => {
    if (req.url.startsWith('/slow')) return setTimeout(() => res.end('late'), 4000);
    if (req.url.startsWith('/drop')) return req.socket.destroy();
    if (req.url.startsWith('/maint')) {
      res.writeHead(503, { 'Content-Type': 'text/plain', 'Retry-After': '120' });
      return res.end('Service Unavailable: down for maintenance');
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{"ok":true}');
  });
  listen(up, 18114, 'upstream');

  const app = express();
  app.use('/down', createProxyMiddleware({ target: 'http://127.0.0.1:18118', changeOrigin: true }));
  app.use('/svc', createProxyMiddleware({ target: 'http://127.0.0.1:18114', proxyTimeout: 1000 }));
  app.use('/json', createProxyMiddleware({
    target: 'http://127.0.0.1:18118',
    on: { error: (err, req, res) => { res.writeHead(502, { 'Content-Type': 'application/json' }); res.end(JSON.stringify({ error: 'Bad Gateway', message: 'upstream service unavailable' })); } },
  }));
  listen(app, 18113, 'http-proxy-middleware');
}

function cases() {
  const c = (name, cause, curl, note) => ({ name, cause, curl, note });
  const U = '{{BASE}}';
  return [
    c('ok', '', `curl ${U}/svc/items`, 'proxied to a working upstream'),
    c('upstream-refused', 'upstream_unavailable', `curl ${U}/down/items`, 'upstream port closed: ECONNREFUSED, 504 with "Error occurred while trying to proxy"'),
    c('upstream-refused-post', 'upstream_unavailable', `curl -X POST -H 'Content-Type: application/json' -d '{"a":1}' ${U}/down/orders`, 'the same for a POST'),
    c('upstream-timeout', 'upstream_unavailable', `curl ${U}/svc/slow/report`, 'upstream takes 4s, proxyTimeout 1s'),
    c('upstream-dropped', 'upstream_unavailable', `curl ${U}/svc/drop/items`, 'upstream closes the socket without answering: ECONNRESET'),
    c('upstream-503', 'upstream_unavailable', `curl ${U}/svc/maint/items`, 'upstream answers 503 with Retry-After; the proxy passes it on'),
    c('json-error-hook', 'upstream_unavailable', `curl ${U}/json/items`, 'on.error hook answers 502 JSON'),
    c('not-found', 'not_found', `curl ${U}/nothing-here`, 'path no proxy is mounted on; Express "Cannot GET"'),
  ];
}

run('http-proxy-middleware', 'http-proxy-middleware', ['express', 'http-proxy-middleware', 'http-proxy'], cases, start);
