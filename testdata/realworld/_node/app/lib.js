// Shared helpers: each program is both the server (node X.js) and the
// writer of its own cases.json (node X.js cases), so tokens whose meaning
// depends on the time (nbf, exp) are signed afresh before each recording.
const fs = require('fs');
const path = require('path');
const jwt = require('jsonwebtoken');

const now = () => Math.floor(Date.now() / 1000);

function version(pkgs) {
  const v = p => JSON.parse(fs.readFileSync(path.join(__dirname, 'node_modules', p, 'package.json'))).version;
  return pkgs.map(p => `${p} ${v(p)}`).join(', ') + ' (npm)';
}

// run writes cases.json when asked to, and otherwise starts the servers.
function run(folder, software, pkgs, cases, start) {
  if (process.argv[2] === 'cases') {
    const out = { software, version: version(pkgs), cases: cases() };
    const file = path.join(__dirname, '..', '..', folder, 'cases.json');
    fs.writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
    console.log(`wrote ${out.cases.length} cases to ${file}`);
    return;
  }
  start();
}

function listen(server, port, what) {
  server.listen(port, '127.0.0.1', () => console.log(`${what} on http://127.0.0.1:${port}`));
}

const b64 = s => Buffer.from(s).toString('base64');

module.exports = { jwt, now, run, listen, b64 };
