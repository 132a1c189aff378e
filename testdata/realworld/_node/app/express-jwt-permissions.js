// express + express-jwt + express-jwt-permissions: guard.check() on the
// token's scope claim and on a roles claim, errors left to Express's final
// handler in development (18131) and to a JSON handler on /json.
const express = require('express');
const { expressjwt } = require('express-jwt');
const guardFactory = require('express-jwt-permissions');
const { jwt, now, run, listen } = require('./lib');

const SECRET = 'rw-permissions-secret';
const scopes = guardFactory({ requestProperty: 'auth', permissionsProperty: 'scope' });
const roles = guardFactory({ requestProperty: 'auth', permissionsProperty: 'roles' });

function start() {
  const app = express();
  const auth = expressjwt({ secret: SECRET, algorithms: ['HS256'] });
  app.get('/invoices', auth, scopes.check('invoices:read'), (req, res) => res.json([]));
  app.post('/invoices', auth, scopes.check(['invoices:read', 'invoices:write']), (req, res) => res.status(201).json({}));
  app.delete('/users/:id', auth, roles.check('admin'), (req, res) => res.sendStatus(204));
  const js = express.Router();
  js.post('/json/invoices', auth, scopes.check('invoices:write'), (req, res) => res.status(201).json({}));
  js.delete('/json/users/:id', auth, roles.check('admin'), (req, res) => res.sendStatus(204));
  js.use((err, req, res, next) => res.status(err.status || 500).json({ error: err.code, message: err.message }));
  app.use(js);
  listen(app, 18131, 'express-jwt-permissions');
}

function cases() {
  const t = now();
  const sign = c => jwt.sign({ sub: 'judy', exp: t + 30 * 86400, ...c }, SECRET, { algorithm: 'HS256' });
  const reader = sign({ scope: 'invoices:read', roles: ['user'] });
  const writer = sign({ scope: 'invoices:read invoices:write', roles: ['user', 'admin'] });
  const B = v => `curl -H 'Authorization: Bearer ${v}'`;
  const c = (name, cause, curl, note) => ({ name, cause, curl, note });
  const U = '{{BASE}}';
  return [
    c('read-ok', '', `${B(reader)} ${U}/invoices`, 'scope invoices:read present'),
    c('write-insufficient-scope', 'insufficient_scope', `${B(reader)} -X POST ${U}/invoices`, 'token scope invoices:read, route needs invoices:write too; default handler in development'),
    c('write-ok', '', `${B(writer)} -X POST ${U}/invoices`, 'token with both scopes'),
    c('delete-forbidden', 'forbidden', `${B(reader)} -X DELETE ${U}/users/7`, 'roles claim lacks admin; default handler in development'),
    c('delete-ok', '', `${B(writer)} -X DELETE ${U}/users/7`, 'roles claim has admin'),
    c('json-insufficient-scope', 'insufficient_scope', `${B(reader)} -X POST ${U}/json/invoices`, 'JSON handler: permission_denied'),
    c('json-forbidden', 'forbidden', `${B(reader)} -X DELETE ${U}/json/users/7`, 'JSON handler; roles claim lacks admin'),
  ];
}

run('express-jwt-permissions', 'express-jwt-permissions', ['express', 'express-jwt', 'express-jwt-permissions', 'jsonwebtoken'], cases, start);
