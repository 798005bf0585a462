/**
 * The Agents Playground checks that the bot is there with HEAD /api/messages (seen in local mode's log as a
 * "request refused" warning every time a browser opened it). A probe is not a fault: HEAD answers 200 with no
 * body, GET answers 405 naming POST, and both are logged at debug level only. Other refusals stay warnings.
 */
import { startHarness, type Harness } from '../support/harness';

describe('probes of the messaging endpoint', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const levels = (path: string) =>
    h.logs
      .map((l) => JSON.parse(l) as { level: string; path?: string; msg: string })
      .filter((l) => l.path === path)
      .map((l) => `${l.level} ${l.msg}`);

  it('HEAD /api/messages (the playground asking whether the bot is up) gets 200, no body, and no warning', async () => {
    h.logs.length = 0;
    const res = await fetch(`${h.bot.url}/api/messages`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    expect(levels('/api/messages')).toEqual(['debug endpoint probed']);
  });

  it('GET /api/messages gets 405 that says to POST activities, and no warning', async () => {
    h.logs.length = 0;
    const res = await fetch(`${h.bot.url}/api/messages`);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST, HEAD');
    expect(await res.json()).toEqual({
      code: 'MethodNotAllowed',
      message: 'POST Bot Framework activities to /api/messages.',
    });
    expect(levels('/api/messages')).toEqual(['debug endpoint probed']);
  });

  it('a request for a path that does not exist is still a warning', async () => {
    h.logs.length = 0;
    expect((await fetch(`${h.bot.url}/api/nothing`)).status).toBe(404);
    expect(levels('/api/nothing')).toEqual(['warn request refused']);
  });

  it('a POST is still served after the probes', async () => {
    const res = await h.post(h.teams.message(h.user('Alex Wilber'), 'list'));
    expect(res.status).toBe(200);
  });
});
