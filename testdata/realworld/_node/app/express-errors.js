// Express's own final handler: a route that throws, an async route that
// rejects, an error with a status, and an unknown path, in development
// (port 18106, stack in a <pre>) and production (port 18107).
const express = require('express');
const { run, listen } = require('./lib');

function routes(app) {
  app.get('/orders/:id', (req, res) => {
    const order = undefined;
    res.json({ id: order.id }); // TypeError: a bug in the handler
  });
  app.get('/report', async () => {
    throw new RangeError('Invalid time value'); // a bad date in the report code
  });
  app.get('/json-bug', (req, res) => {
    JSON.parse('{"unterminated": ');
  });
  app.get('/send-500', (req, res) => res.sendStatus(500));
  app.post('/items', express.json(), (req, res) => res.status(201).json(req.body));
  app.get('/ok', (req, res) => res.json({ ok: true }));
}

function start() {
  const dev = express();
  routes(dev);
  listen(dev, 18106, 'express (development)');
  const prod = express();
  prod.set('env', 'production');
  routes(prod);
  listen(prod, 18107, 'express (production)');
}

function cases() {
  const c = (name, cause, curl, note) => ({ name, cause, curl, note });
  const out = [];
  for (const [env, U] of [['dev', 'http://127.0.0.1:18106'], ['prod', 'http://127.0.0.1:18107']]) {
    const e = env === 'dev' ? 'development: the stack in <pre>' : 'production: only the status text';
    out.push(
      c(`${env}-ok`, '', `curl ${U}/ok`, 'a route that works'),
      c(`${env}-typeerror`, 'server_error', `curl ${U}/orders/42`, `handler reads a property of undefined; ${e}`),
      c(`${env}-async-reject`, 'server_error', `curl ${U}/report`, `async handler rejects with a RangeError; ${e}`),
      c(`${env}-parse-bug`, 'server_error', `curl ${U}/json-bug`, `handler parses broken JSON of its own; ${e}`),
      c(`${env}-send-status`, 'server_error', `curl ${U}/send-500`, 'res.sendStatus(500)'),
      c(`${env}-not-found`, 'not_found', `curl ${U}/order/42`, `mistyped path; "Cannot GET"`),
      c(`${env}-wrong-method`, 'not_found', `curl -X DELETE ${U}/ok`, 'a method the route does not have; Express answers 404 "Cannot DELETE"'),
    );
  }
  return out;
}

run('express-errors', 'express (final handler)', ['express'], cases, start);
