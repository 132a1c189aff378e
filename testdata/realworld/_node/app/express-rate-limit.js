// express + express-rate-limit: one limiter per route, each allowing one
// request a minute, with the header styles the package offers. Port 18105.
const express = require('express');
const { rateLimit } = require('express-rate-limit');
const { run, listen } = require('./lib');

function start() {
  const app = express();
  const lim = o => rateLimit({ windowMs: 60_000, limit: 1, ...o });
  app.get('/default', lim({}), (req, res) => res.json({ ok: true }));
  app.get('/draft6', lim({ standardHeaders: 'draft-6', legacyHeaders: false }), (req, res) => res.json({ ok: true }));
  app.get('/draft7', lim({ standardHeaders: 'draft-7', legacyHeaders: false }), (req, res) => res.json({ ok: true }));
  app.get('/draft8', lim({
    standardHeaders: 'draft-8', legacyHeaders: false, identifier: 'per-minute',
    message: { error: 'rate_limited', message: 'Too many requests, slow down.' },
  }), (req, res) => res.json({ ok: true }));
  app.get('/key', lim({
    keyGenerator: req => req.get('x-api-key') || 'anon', standardHeaders: 'draft-7',
    message: 'You have exceeded the 1 request per minute limit for this API key.',
  }), (req, res) => res.json({ ok: true }));
  listen(app, 18105, 'express-rate-limit');
}

function cases() {
  const c = (name, cause, curl, note) => ({ name, cause, curl, note });
  const U = '{{BASE}}';
  const out = [];
  const what = {
    default: 'defaults: legacy X-RateLimit-* headers and Retry-After, text message',
    draft6: 'standardHeaders draft-6 (RateLimit-Limit, -Remaining, -Reset)',
    draft7: 'standardHeaders draft-7 (combined RateLimit header and RateLimit-Policy)',
    draft8: 'standardHeaders draft-8 (RateLimit with a named policy), JSON message',
  };
  for (const r of Object.keys(what)) {
    out.push(
      c(`${r}-first`, '', `curl ${U}/${r}`, `${what[r]}; first request in the window, the last one allowed`),
      c(`${r}-limited`, 'rate_limited', `curl ${U}/${r}`, `${what[r]}; second request within the minute`),
    );
  }
  out.push(
    c('key-first', '', `curl -H 'X-API-Key: rk_9f8e7d6c' ${U}/key`, 'limit per API key, draft-7 headers'),
    c('key-limited', 'rate_limited', `curl -H 'X-API-Key: rk_9f8e7d6c' ${U}/key`, 'limit per API key; second request'),
    c('key-limited-again', 'rate_limited', `curl -H 'X-API-Key: rk_9f8e7d6c' ${U}/key`, 'limit per API key; third request'),
  );
  return out;
}

run('express-rate-limit', 'express-rate-limit', ['express', 'express-rate-limit'], cases, start);
