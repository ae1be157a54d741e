// Captures what the Segment (analytics-next) and RudderStack (analytics-js v3) browser SDKs send, run in headless
// Chromium (Debian's `chromium` on the PATH) from a page on http://localhost:<page port> that posts to a capture
// server on http://127.0.0.1:<port>, a different origin: so the captures hold the CORS preflights too. Writes
// ../resources/sdk-requests/<sdk>.json like capture.mjs (method, path, the headers that describe the request, body).
// Run after `npm ci`: node capture-browser.mjs (traffic to 127.0.0.1 and localhost only; nothing from a CDN).
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, '..', 'resources', 'sdk-requests');
const WRITE_KEY = 'test-write-key';
// Headers of one connection or one browser, not of the request the SDK built.
const DROP = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive', 'user-agent',
  'accept-language', 'accept-encoding', 'referer', 'sec-ch-ua', 'sec-ch-ua-mobile', 'sec-ch-ua-platform',
  'sec-fetch-dest', 'sec-fetch-mode', 'sec-fetch-site', 'sec-fetch-storage-access', 'priority', 'cache-control',
  'pragma', 'dnt']);

let captured = [];
const ingest = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', c => chunks.push(c));
  req.on('end', () => {
    const cors = {
      'access-control-allow-origin': req.headers.origin || '*',
      'access-control-allow-methods': 'POST',
      'access-control-allow-headers': req.headers['access-control-request-headers'] || '',
      'vary': 'Origin',
    };
    if (req.url.startsWith('/sourceConfig')) {
      if (req.method === 'OPTIONS') {
        res.writeHead(204, cors);
        res.end();
        return;
      }
      // RudderStack's control plane (not ingest, so not captured): the source's settings, no destinations.
      res.writeHead(200, { 'content-type': 'application/json', ...cors });
      res.end(JSON.stringify({ source: { id: 'capture', name: 'capture', enabled: true, workspaceId: 'capture',
        writeKey: WRITE_KEY, config: {}, destinations: [] } }));
      return;
    }
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !DROP.has(name)));
    captured.push({ method: req.method, path: req.url, headers, body: Buffer.concat(chunks).toString('base64') });
    res.writeHead(req.method === 'OPTIONS' ? 204 : 200, { 'content-type': 'application/json', ...cors });
    res.end(req.method === 'OPTIONS' ? '' : '{"success":true}');
  });
});
await new Promise(resolve => ingest.listen(0, '127.0.0.1', resolve));
const api = `127.0.0.1:${ingest.address().port}`;

const pages = {
  'segment-browser': `<script src="/node_modules/@segment/analytics-next/dist/umd/index.js"></script>
<script type="module">
  const account = 'acct-sdk-segment-browser';
  const [analytics] = await window.AnalyticsNext.AnalyticsBrowser.load({ writeKey: '${WRITE_KEY}',
    cdnURL: 'http://${api}',
    cdnSettings: { integrations: { 'Segment.io': { apiKey: '${WRITE_KEY}', apiHost: '${api}/v1', protocol: 'http' } } } });
  await analytics.identify('u-1', { email: 'user-1@example.com' }, { context: { groupId: account } });
  await analytics.track('Report Exported', { format: 'csv' }, { context: { groupId: account } });
  await analytics.group(account, { name: 'SDK Co', plan: 'pro' });
  document.title = 'sent';
</script>`,
  'rudder-browser': `<script src="/node_modules/@rudderstack/analytics-js/dist/npm/modern/bundled/umd/index.js"></script>
<script type="module">
  const account = 'acct-sdk-rudder-browser';
  const analytics = new window.rudderanalytics.RudderAnalytics();
  analytics.load('${WRITE_KEY}', 'http://${api}', { configUrl: 'http://${api}', logLevel: 'ERROR',
    queueOptions: { batch: { enabled: false } } });
  analytics.ready(() => {
    analytics.identify('u-1', { email: 'user-1@example.com' }, { context: { groupId: account } });
    analytics.track('Report Exported', { format: 'csv' }, { context: { groupId: account } });
    analytics.group(account, { name: 'SDK Co', plan: 'pro' });
    document.title = 'sent';
  });
</script>`,
};
const site = http.createServer((req, res) => {
  const name = req.url.slice(1).replace(/\.html$/, '');
  if (pages[name]) {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<!doctype html><html><head><title>capture</title></head><body>${pages[name]}</body></html>`);
    return;
  }
  const file = path.join(here, decodeURIComponent(req.url.split('?')[0]));
  if (file.startsWith(path.join(here, 'node_modules')) && fs.existsSync(file)) {
    res.writeHead(200, { 'content-type': 'application/javascript' });
    res.end(fs.readFileSync(file));
    return;
  }
  res.writeHead(404);
  res.end();
});
await new Promise(resolve => site.listen(0, '127.0.0.1', resolve));
const sitePort = site.address().port;

function version(pkg) {
  const lock = JSON.parse(fs.readFileSync(path.join(here, 'package-lock.json')));
  return lock.packages[`node_modules/${pkg}`].version;
}

for (const [sdk, pkg] of [['segment-browser', '@segment/analytics-next'], ['rudder-browser', '@rudderstack/analytics-js']]) {
  await new Promise(resolve => execFile('chromium', ['--headless=new', '--no-sandbox', '--disable-gpu',
    '--disable-dev-shm-usage', '--virtual-time-budget=10000', '--dump-dom', `http://localhost:${sitePort}/${sdk}.html`],
  { timeout: 60_000 }, () => resolve()));
  await new Promise(resolve => setTimeout(resolve, 500));
  const file = path.join(out, `${sdk}.json`);
  fs.writeFileSync(file, JSON.stringify({ sdk, version: version(pkg), requests: captured }, null, 2) + '\n');
  console.log(`${file}: ${captured.length} request(s): ${captured.map(c => `${c.method} ${c.path}`).join(', ')}`);
  captured = [];
}
ingest.close();
site.close();
