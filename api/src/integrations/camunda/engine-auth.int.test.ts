// The engine's REST authentication (engine-config, ActingUserBasicAuthenticationProvider) against
// the real test engine: a password that passed is remembered for ENGINE_AUTH_CACHE_SECONDS (the
// test engine runs with 2), a wrong one never is.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, test } from 'node:test';

const URL_ = process.env.ENGINE_URL ?? 'http://127.0.0.1:18080/engine-rest';
const USER = process.env.ENGINE_USER ?? 'tongban';
const PASSWORD = process.env.ENGINE_PASSWORD ?? 'tongban-test-engine';
const CACHE_SECONDS = Number(process.env.ENGINE_AUTH_CACHE_SECONDS ?? 30);

const basic = (user: string, password: string) => 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');
const engine = (auth: string, method = 'GET', path = '/task/count', body?: unknown) =>
  fetch(URL_ + path, {
    method,
    headers: { Authorization: auth, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const technical = basic(USER, PASSWORD);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function createUser(id: string, password: string): Promise<void> {
  const created = await engine(technical, 'POST', '/user/create', {
    profile: { id, firstName: 'Auth', lastName: 'Probe', email: `${id}@example.invalid` },
    credentials: { password },
  });
  assert.equal(created.status, 204, await created.text());
}

describe('engine REST authentication', () => {
  // Wrong passwords only for probe users: after one, the engine refuses even the right password of
  // that user for a few seconds (its brute-force delay), which would lock the technical user out.
  const probes = [1, 2].map((i) => `authprobe${i}${randomBytes(4).toString('hex')}`);
  const [probe1 = '', probe2 = ''] = probes;
  after(async () => {
    for (const p of probes) await engine(technical, 'DELETE', `/user/${p}`);
  });

  test('missing, malformed or unknown credentials are refused', async () => {
    assert.equal((await engine(technical)).status, 200);
    assert.equal((await fetch(`${URL_}/task/count`)).status, 401);
    assert.equal((await engine('Basic not-base64-at-all')).status, 401);
    assert.equal((await engine(basic(`${USER}-nobody`, PASSWORD))).status, 401);
  });

  test('a wrong password is refused every time; a password that passed keeps passing through the brute-force delay', async () => {
    await createUser(probe1, 'probe-Passw0rd');
    assert.equal((await engine(basic(probe1, 'probe-Passw0rd'))).status, 200);
    assert.equal((await engine(basic(probe1, 'wrong-Passw0rd'))).status, 401);
    // The engine would now refuse the right password for seconds; remembered, it passes.
    assert.equal((await engine(basic(probe1, 'probe-Passw0rd'))).status, 200);
    assert.equal((await engine(basic(probe1, 'wrong-Passw0rd'))).status, 401);
  });

  test('a changed password: the new one works at once, the old one is refused once the cache time has passed', async (t) => {
    if (CACHE_SECONDS > 5) {
      t.skip(`the engine remembers passwords for ${CACHE_SECONDS} s; the test engine runs with 2`);
      return;
    }
    await createUser(probe2, 'first-Passw0rd');
    assert.equal((await engine(basic(probe2, 'first-Passw0rd'))).status, 200);

    const changed = await engine(technical, 'PUT', `/user/${probe2}/credentials`, {
      password: 'second-Passw0rd',
      authenticatedUserPassword: PASSWORD,
    });
    assert.equal(changed.status, 204, await changed.text());
    // A password not seen before is checked against the database: the new one at once.
    assert.equal((await engine(basic(probe2, 'second-Passw0rd'))).status, 200);
    await sleep(CACHE_SECONDS * 1000 + 500);
    assert.equal((await engine(basic(probe2, 'first-Passw0rd'))).status, 401);

    // A deleted user is refused once the cache time has passed.
    assert.equal((await engine(technical, 'DELETE', `/user/${probe2}`)).status, 204);
    await sleep(CACHE_SECONDS * 1000 + 500);
    assert.equal((await engine(basic(probe2, 'second-Passw0rd'))).status, 401);
  });
});
