// koa + koa-ratelimit with the memory driver, as its README shows, and
// with its default headers. One request a minute per client. Port 18136.
const Koa = require('koa');
const { Router } = require('@koa/router');
const ratelimit = require('koa-ratelimit');
const { run, listen } = require('./lib');

function start() {
  const app = new Koa();
  const r = new Router();
  r.get('/readme', ratelimit({
    driver: 'memory', db: new Map(), duration: 60000, max: 1, id: ctx => ctx.ip,
    errorMessage: 'Sometimes You Just Have to Slow Down.',
    headers: { remaining: 'Rate-Limit-Remaining', reset: 'Rate-Limit-Reset', total: 'Rate-Limit-Total' },
  }), ctx => { ctx.body = 'Stuff!'; });
  r.get('/defaults', ratelimit({ driver: 'memory', db: new Map(), duration: 60000, max: 1, id: ctx => ctx.ip }), ctx => { ctx.body = { ok: true }; });
  app.use(r.routes());
  listen(app, 18136, 'koa-ratelimit');
}

function cases() {
  const c = (name, cause, curl, note) => ({ name, cause, curl, note });
  const U = '{{BASE}}';
  return [
    c('readme-first', '', `curl ${U}/readme`, 'README options, Rate-Limit-* headers; first request'),
    c('readme-limited', 'rate_limited', `curl ${U}/readme`, 'README options; second request within the minute'),
    c('defaults-first', '', `curl ${U}/defaults`, 'default headers X-RateLimit-*; first request'),
    c('defaults-limited', 'rate_limited', `curl ${U}/defaults`, 'default message "Rate limit exceeded, retry in …"'),
  ];
}

run('koa-ratelimit', 'koa-ratelimit', ['koa', 'koa-ratelimit'], cases, start);
