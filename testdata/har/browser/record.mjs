// Records testdata/har/chromium-lab.har: a real Chromium, driven by
// playwright-core, runs a page on the authlens lab that makes failing
// calls, a cross-origin call the browser refuses, and a call whose
// redirect leaves its Authorization behind. Run it with make-fixtures.sh,
// which starts the lab; the fixture it writes is checked in, so tests
// need neither a browser nor node.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [lab, out] = process.argv.slice(2);
if (!lab || !out) {
  console.error('usage: node record.mjs LAB_URL OUT.har');
  process.exit(2);
}
const alt = lab.replace('127.0.0.1', '127.0.0.2'); // the lab's second host: another origin

const index = await (await fetch(lab + '/', { headers: { Accept: 'application/json' } })).json();
const byId = Object.fromEntries(index.map((s) => [s.id, s]));
const pick = (id) => {
  const s = byId[id];
  if (!s) throw new Error('the lab has no scenario ' + id);
  const headers = {};
  for (const [k, vs] of Object.entries(s.request.headers || {})) headers[k] = vs[0];
  return { url: s.request.url, method: s.request.method, headers, body: s.request.body || undefined };
};

const profile = mkdtempSync(join(tmpdir(), 'authlens-chromium-'));
// A fresh profile each run (playwright passes it as --user-data-dir).
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  recordHar: { path: out, content: 'embed' },
});
try {
  const page = context.pages()[0] || (await context.newPage());
  await page.goto(lab + '/');

  // Same-origin calls, each a lab scenario's failing request.
  const calls = ['missing-credentials', 'expired-token', 'invalid-api-key', 'rate-limited',
    'insufficient-scope', 'forbidden', 'server-error', 'redirect-dropped-auth'].map(pick);
  // Cross-origin calls from the page: a preflight the lab refuses, and a
  // wildcard answer to a credentialed request.
  const strict = pick('cors-wildcard-credentials');
  calls.push({ url: alt + '/api/cors/strict', method: 'GET', headers: { Authorization: strict.headers.Authorization } });
  calls.push({ url: alt + '/api/cors/wildcard', method: 'GET', headers: { Authorization: strict.headers.Authorization }, credentials: 'include' });
  // The token that works, so the capture has a success too.
  const ok = byId['missing-credentials'].solution;
  calls.push({ url: ok.url, method: ok.method, headers: { Authorization: ok.headers.Authorization[0] } });

  const results = await page.evaluate(async (calls) => {
    const out = [];
    for (const c of calls) {
      try {
        const r = await fetch(c.url, { method: c.method, headers: c.headers, body: c.body, credentials: c.credentials || 'same-origin' });
        await r.text();
        out.push(c.method + ' ' + c.url + ' → ' + r.status);
      } catch (e) {
        out.push(c.method + ' ' + c.url + ' → ' + e.message);
      }
    }
    return out;
  }, calls);
  for (const r of results) console.log(r);
} finally {
  await context.close(); // writes the HAR
  rmSync(profile, { recursive: true, force: true });
}
