// fastify + @fastify/bearer-auth: API keys sent as bearer tokens, with the
// plugin's default JSON error. Port 18127.
const Fastify = require('fastify');
const { run } = require('./lib');

const keys = new Set(['fk_live_a1b2c3d4e5f6']);

async function start() {
  const app = Fastify();
  await app.register(async s => {
    await s.register(require('@fastify/bearer-auth'), { keys });
    s.get('/v1/reports', async () => ({ reports: [] }));
  });
  await app.listen({ port: 18127, host: '127.0.0.1' });
  console.log('fastify-bearer-auth on http://127.0.0.1:18127');
}

function cases() {
  const c = (name, cause, curl, note) => ({ name, cause, curl, note });
  const H = v => `curl -H 'Authorization: ${v}'`;
  const out = [];
  for (const v of ['v1']) {
    const U = `{{BASE}}/${v}/reports`;
    const w = 'defaults';
    out.push(
      c(`${v}-ok`, '', `${H('Bearer fk_live_a1b2c3d4e5f6')} ${U}`, w),
      c(`${v}-no-credentials`, 'missing_credentials', `curl ${U}`, `${w}; no Authorization`),
      c(`${v}-invalid-key`, 'invalid_api_key', `${H('Bearer fk_live_000000000000')} ${U}`, `${w}; API key not in keys`),
      c(`${v}-test-key`, 'invalid_api_key', `${H('Bearer fk_test_a1b2c3d4e5f6')} ${U}`, `${w}; a test-mode key to the live API`),
      c(`${v}-basic-scheme`, 'wrong_scheme', `curl -u fk_live_a1b2c3d4e5f6: ${U}`, `${w}; the key sent as a Basic user name`),
      c(`${v}-bearer-empty`, 'malformed_authorization', `${H('Bearer')} ${U}`, `${w}; scheme without a key`),
      c(`${v}-quoted`, 'malformed_authorization', `${H('Bearer "fk_live_a1b2c3d4e5f6"')} ${U}`, `${w}; key in double quotes`),
    );
  }
  out.push(c('key-header-instead', 'wrong_scheme', `curl -H 'X-API-Key: fk_live_a1b2c3d4e5f6' {{BASE}}/v1/reports`, 'valid key in X-API-Key; this API reads only Authorization: Bearer'));
  return out;
}

run('fastify-bearer-auth', '@fastify/bearer-auth', ['fastify', '@fastify/bearer-auth'], cases, start);
