// fastify + @fastify/http-proxy (on @fastify/reply-from) in front of
// upstreams on this machine: 18129 left closed, 18130 slow, dropping or in
// maintenance. Proxy on 18128.
const Fastify = require('fastify');
const http = require('http');
const { run, listen } = require('./lib');

async function start() {
  const up = http.createServer((req, res) => {
    if (req.url.startsWith('/slow')) return setTimeout(() => res.end('late'), 4000);
    if (req.url.startsWith('/drop')) return req.socket.destroy();
    if (req.url.startsWith('/maint')) {
      res.writeHead(503, { 'Content-Type': 'application/json', 'Retry-After': '300' });
      return res.end('{"status":"maintenance"}');
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{"ok":true}');
  });
  listen(up, 18130, 'upstream');
  const app = Fastify();
  await app.register(require('@fastify/http-proxy'), { upstream: 'http://127.0.0.1:18129', prefix: '/down' });
  await app.register(require('@fastify/http-proxy'), { upstream: 'http://127.0.0.1:18130', prefix: '/svc', http: { requestOptions: { timeout: 1000 } } });
  await app.listen({ port: 18128, host: '127.0.0.1' });
  console.log('fastify-http-proxy on http://127.0.0.1:18128');
}

function cases() {
  const c = (name, cause, curl, note) => ({ name, cause, curl, note });
  const U = '{{BASE}}';
  return [
    c('ok', '', `curl ${U}/svc/items`, 'working upstream'),
    c('upstream-refused', 'upstream_unavailable', `curl ${U}/down/items`, 'upstream port closed'),
    c('upstream-refused-post', 'upstream_unavailable', `curl -X POST -H 'Content-Type: application/json' -d '{"a":1}' ${U}/down/orders`, 'upstream port closed, POST'),
    c('upstream-timeout', 'upstream_unavailable', `curl ${U}/svc/slow`, 'upstream takes 4s, request timeout 1s'),
    c('upstream-dropped', 'upstream_unavailable', `curl ${U}/svc/drop`, 'upstream closes the socket without answering'),
    c('upstream-503', 'upstream_unavailable', `curl ${U}/svc/maint`, 'upstream answers 503 with Retry-After, passed on'),
    c('not-found', 'not_found', `curl ${U}/elsewhere`, 'no proxy on this prefix: fastify 404'),
  ];
}

run('fastify-http-proxy', '@fastify/http-proxy', ['fastify', '@fastify/http-proxy', '@fastify/reply-from'], cases, start);
