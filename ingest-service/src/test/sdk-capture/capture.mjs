// Captures what the Segment and RudderStack Node SDKs send in their default configuration, pointed at a local
// server, and writes each SDK's requests to ../resources/sdk-requests/<sdk>.json: method, path, the headers that
// describe the body and its sender, and the body's exact bytes (base64). SdkRequestsIT replays them byte for byte.
// Run once after changing SDK versions: npm ci && npm run capture (traffic goes to 127.0.0.1 only).
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, '..', 'resources', 'sdk-requests');
// The ingest tests' write key (RawHttp.WRITE_KEY).
const WRITE_KEY = 'test-write-key';
// Headers that belong to one connection, not to the request the SDK built.
const HOP = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

let captured = [];
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', c => chunks.push(c));
  req.on('end', () => {
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !HOP.has(name)));
    captured.push({ method: req.method, path: req.url, headers, body: Buffer.concat(chunks).toString('base64') });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"success":true}');
  });
});
await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;

function write(sdk, version) {
  const file = path.join(out, `${sdk}.json`);
  fs.writeFileSync(file, JSON.stringify({ sdk, version, requests: captured }, null, 2) + '\n');
  console.log(`${file}: ${captured.length} request(s)`);
  captured = [];
}

// The three calls a product makes for a B2B account: who the user is, what they did, which account they belong to.
function calls(client, account) {
  client.identify({ userId: 'u-1', traits: { email: 'user-1@example.com' }, context: { groupId: account } });
  client.track({ userId: 'u-1', event: 'Report Exported', properties: { format: 'csv' }, context: { groupId: account } });
  client.group({ userId: 'u-1', groupId: account, traits: { name: 'SDK Co', plan: 'pro' } });
}

const { Analytics } = await import('@segment/analytics-node');
const segment = new Analytics({ writeKey: WRITE_KEY, host: base, flushAt: 3 });
calls(segment, 'acct-sdk-segment-node');
await segment.closeAndFlush();
write('segment-node', JSON.parse(fs.readFileSync(path.join(here, 'node_modules/@segment/analytics-node/package.json'))).version);

const Rudder = (await import('@rudderstack/rudder-sdk-node')).default;
const rudder = new Rudder(WRITE_KEY, { dataPlaneUrl: base, flushAt: 3 });
calls(rudder, 'acct-sdk-rudder-node');
await new Promise(resolve => rudder.flush(resolve));
await new Promise(resolve => setTimeout(resolve, 500));
write('rudder-node', JSON.parse(fs.readFileSync(path.join(here, 'node_modules/@rudderstack/rudder-sdk-node/package.json'))).version);

server.close();
