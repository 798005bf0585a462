/** `npm run sim -- traces`: the last traces the bot exported to the simulator, as indented trees. */
import { runSimCli } from '../../src/local/sim-cli';
import { startSimulator, type Simulator } from '../../src/simulator';
import { fixture } from '../contracts/support/shapes';

const track = fixture('appinsights-track.json');

describe('npm run sim -- traces', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(() => sim?.close());

  const run = async (...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runSimCli(
      args,
      { SIMULATOR_URL: sim.tokenServiceUrl },
      { out: (l) => out.push(l), err: (l) => err.push(l) },
    );
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  it('says so when nothing arrived yet', async () => {
    expect(await run('traces')).toMatchObject({ code: 0, out: expect.stringMatching(/^No traces yet\./) });
  });

  it('prints each trace as a tree: name, kind, duration, key attributes', async () => {
    await fetch(`${sim.tokenServiceUrl}/v2.1/track`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(track.envelopes),
    });
    const r = await run('traces', '3');
    expect(r.code).toBe(0);
    expect(r.out.split('\n')).toEqual([
      'The last 1 trace (2 spans received; metrics: bot.commands):',
      'trace 5b8efff798038103d269b633813fc60c at 2026-12-04T10:00:00.000Z',
      '  teams.activity server 250.0 ms  bot.command=disconnect http.response.status_code=200 (linked to b7ad6b71)',
      '    └ graph.request client 120.0 ms  http.response.status_code=204 graph.request_id=a1b2c3d4-0000-4000-8000-000000000001',
    ]);
    expect(JSON.parse((await run('traces', '--json')).out)).toMatchObject({
      spans: 2,
      trees: [{ span: { name: 'teams.activity' } }],
    });
  });

  it('refuses a bad count with the usage', async () => {
    expect(await run('traces', 'many')).toMatchObject({
      code: 2,
      err: expect.stringContaining('traces takes how many traces'),
    });
  });
});
