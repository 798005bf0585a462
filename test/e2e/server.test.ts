/**
 * The HTTP surface: inbound authentication, bad input, health. Bad input never crashes the bot: it gets
 * a clear status, and the next good request is served as usual.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logging';
import { startBot, type RunningBot } from '../../src/wiring';
import { startHarness, type Harness } from '../support/harness';
import { cardOf, cardText } from '../support/teams';

const BOT_ID = '0f6c9f0e-4d9b-4b8e-9c61-2f6a7c3d5e10';
const TENANT = '8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d';

describe('with an app id configured (azure mode)', () => {
  let bot: RunningBot;
  let dataDir: string;
  const logs: string[] = [];
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ra-bot-auth-'));
    const config = loadConfig({
      BOT_ID,
      BOT_PASSWORD: 'not-a-real-secret-but-never-logged',
      BOT_TENANT_ID: TENANT,
      ALLOWED_TENANT_IDS: TENANT,
      ADMIN_USER_IDS: '11111111-2222-3333-4444-555555555555',
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
    });
    bot = await startBot(config, { log: createLogger('debug', (l) => logs.push(l)) });
  });
  afterAll(async () => {
    await bot?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const activity = {
    type: 'message',
    text: 'disconnect TeamViewer',
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:9/',
    from: { id: '29:x', aadObjectId: '11111111-2222-3333-4444-555555555555' },
    recipient: { id: `28:${BOT_ID}` },
    conversation: { id: 'a:1', tenantId: TENANT },
  };
  const post = (headers: Record<string, string> = {}) =>
    fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(activity),
    });

  it('refuses an unsigned request with 401', async () => {
    const res = await post();
    expect(res.status).toBe(401);
  });

  // A token that names the real issuer makes botbuilder fetch the Bot Framework signing keys, which this
  // offline machine cannot reach; one from an issuer it does not trust is refused before any fetch.
  it("refuses a forged token (a stranger's key and issuer) with 401", async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = jwt.sign({ serviceurl: activity.serviceUrl }, privateKey, {
      algorithm: 'RS256',
      issuer: 'https://sts.forged.example/',
      audience: BOT_ID,
      expiresIn: 600,
      keyid: 'forged',
    });
    const res = await post({ authorization: `Bearer ${forged}` });
    expect(res.status).toBe(401);
    const body = await res.text();
    expect(body).not.toMatch(/at .+\.(js|ts):\d+/); // no stack trace
  });

  it('never logs the secret or the bearer token', () => {
    const all = logs.join('\n');
    expect(all).not.toContain('not-a-real-secret-but-never-logged');
    expect(all).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/);
  });
});

describe('bad input (local mode)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('malformed JSON gets 400, not a crash', async () => {
    const res = await h.post('{"type": "message", ');
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).not.toMatch(/at .+\.(js|ts):\d+/);
  });

  it('a JSON body that is not an activity gets 400', async () => {
    expect((await h.post([1, 2, 3])).status).toBe(400);
    expect((await h.post({ hello: 'world' })).status).toBe(400);
    expect((await h.post('"just a string"')).status).toBe(400);
  });

  it('an activity with nonsense fields gets an answer, not a crash', async () => {
    const res = await h.post({
      type: 'message',
      text: 42,
      from: 'nobody',
      conversation: null,
      serviceUrl: 'not a url',
    });
    expect([200, 400]).toContain(res.status);
  });

  it('a body over the size limit gets 413', async () => {
    const alex = h.user('Alex Wilber');
    const huge = { ...h.teams.message(alex, 'list'), padding: 'x'.repeat(400 * 1024) };
    expect((await h.post(huge)).status).toBe(413);
  });

  it('after all that, the next good request is served as usual', async () => {
    h.connector.clear();
    const res = await h.post(h.teams.message(h.user('Alex Wilber'), 'list'));
    expect(res.status).toBe(200);
    expect(cardText(cardOf(h.connector.messages()[0].activity))).toContain('TeamViewer Connector');
  });

  it('an unknown verb, a malformed click and a click on a made-up operation get clear answers (more in invokes.test.ts)', async () => {
    const alex = h.user('Alex Wilber');
    const unknown = await h.post(h.teams.action(alex, 'launch.missiles', {}, 'activity-1'));
    expect(unknown.status).toBe(200);
    expect(cardText(unknown.body.value)).toMatch(/no longer works/);
    const malformed = await h.post(h.teams.action(alex, 'op.confirm', { operationId: { $ne: 1 } }, 'activity-1'));
    expect(malformed.status).toBe(200);
    expect(malformed.body).toMatchObject({
      statusCode: 400,
      type: 'application/vnd.microsoft.error',
      value: { code: 'BadRequest' },
    });
    const madeUp = await h.post(
      h.teams.action(alex, 'op.confirm', { operationId: '00000000-0000-0000-0000-000000000000' }, 'activity-1'),
    );
    expect(cardText(madeUp.body.value)).toMatch(/Request not found/);
    expect(h.graphCalls('/disconnect')).toHaveLength(0);
  });

  it('answers health and readiness', async () => {
    expect((await fetch(`${h.bot.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${h.bot.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('says not ready when the store is gone', async () => {
    const other = await startHarness();
    await other.bot.store.close();
    try {
      const res = await fetch(`${other.bot.url}/readyz`);
      expect(res.status).toBe(503);
    } finally {
      await other.close();
    }
  });

  it('never logs a token', () => {
    expect(h.logs.join('\n')).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/);
  });
});
