// A Node test against `switchback serve --emulator --seed seed.json`, with only Node's standard library
// (node:test, fetch). Run: SWITCHBACK_URL=http://127.0.0.1:8080 node --test examples/node/
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';

const S = process.env.SWITCHBACK_URL ?? 'http://127.0.0.1:8080';
const post = (path, body) =>
  fetch(S + path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

beforeEach(async () => {
  await post('/_switchback/reset', {}); // back to the seed: data, faults, journal
});

test('a token without a browser, a 429, then a 401 six hours later', async () => {
  const tokens = await (await post('/_switchback/tokens', { athlete: 'demo', client_id: 1, scope: 'read,activity:read' })).json();
  const activities = () =>
    fetch(S + '/api/v3/athlete/activities', { headers: { Authorization: `Bearer ${tokens.access_token}` } });
  assert.equal((await activities()).status, 200);

  await post('/_switchback/faults', { method: 'GET', path: '/api/v3/athlete/activities', status: 429 });
  const limited = await activities();
  assert.equal(limited.status, 429);
  assert.match(limited.headers.get('x-ratelimit-usage'), /^\d+,\d+$/);

  await post('/_switchback/clock', { advance: 'PT6H1M' });
  assert.equal((await activities()).status, 401);

  const journal = await (await fetch(S + '/_switchback/requests')).json();
  assert.deepEqual(journal.map((r) => r.status), [200, 429, 401]);
});
