// Forward proxies that want credentials of their own: the proxy package
// (server.authenticate) on 18115 and proxy-chain (prepareRequestFunction)
// on 18116, in front of an origin on 18117 that wants a bearer token on
// /private. 18119 is left closed, as an origin that is down.
const http = require('http');
const { run, listen, b64 } = require('./lib');

const PROXY_USER = 'px-user', PROXY_PASS = 'px-pass-42';

async function start() {
  const origin = http.createServer((req, res) => {
    if (req.url.startsWith('/private') && req.headers.authorization !== 'Bearer origin-token-77') {
      res.writeHead(401, { 'WWW-Authenticate': 'Bearer realm="origin"', 'Content-Type': 'application/json' });
      return res.end('{"error":"unauthorized"}');
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{"ok":true}');
  });
  listen(origin, 18117, 'origin');

  const { createProxy } = await import('proxy');
  const p = createProxy(http.createServer());
  p.authenticate = req => req.headers['proxy-authorization'] === 'Basic ' + b64(`${PROXY_USER}:${PROXY_PASS}`);
  listen(p, 18115, 'proxy');

  const ProxyChain = await import('proxy-chain');
  const chain = new ProxyChain.Server({
    port: 18116, host: '127.0.0.1',
    prepareRequestFunction: ({ username, password }) => ({
      requestAuthentication: username !== PROXY_USER || password !== PROXY_PASS,
      failMsg: 'Bad username or password, please try again.',
    }),
  });
  await chain.listen();
  console.log('proxy-chain on http://127.0.0.1:18116');
}

function cases() {
  const c = (name, cause, curl, note) => ({ name, cause, curl, note });
  const O = 'http://127.0.0.1:18117', DOWN = 'http://127.0.0.1:18119';
  const out = [];
  for (const [k, port, what] of [['proxy', 18115, 'proxy package'], ['chain', 18116, 'proxy-chain']]) {
    const px = `http://127.0.0.1:${port}`;
    const auth = `http://${PROXY_USER}:${PROXY_PASS}@127.0.0.1:${port}`;
    out.push(
      c(`${k}-ok`, '', `curl -x ${auth} ${O}/items`, `${what} with the right proxy credentials`),
      c(`${k}-no-proxy-credentials`, 'proxy_auth_required', `curl -x ${px} ${O}/items`, `${what}; no Proxy-Authorization`),
      c(`${k}-wrong-proxy-password`, 'proxy_auth_required', `curl -x http://${PROXY_USER}:wrong@127.0.0.1:${port} ${O}/items`, `${what}; wrong proxy password`),
      c(`${k}-origin-credentials-only`, 'proxy_auth_required', `curl -x ${px} -H 'Authorization: Bearer origin-token-77' ${O}/private`, `${what}; the origin's token is sent but the proxy's credentials are not`),
      c(`${k}-origin-401`, 'missing_credentials', `curl -x ${auth} ${O}/private`, `${what} lets the request through; the origin wants a bearer token`),
      c(`${k}-origin-down`, 'upstream_unavailable', `curl -x ${auth} ${DOWN}/items`, `${what}; the origin port is closed`),
    );
  }
  return out;
}

run('forward-proxy', 'proxy, proxy-chain', ['proxy', 'proxy-chain'], cases, start);
