/** `npm run sim -- partner ...`: a person changes a partner outside the bot, as the Intune admin center would. */
import { parsePartnerArgs, runSimCli } from '../../src/local/sim-cli';
import { startSimulator, type Simulator } from '../../src/simulator';

describe('npm run sim -- partner', () => {
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

  it('sets a status by name, says what it did; the simulated Graph answers it', async () => {
    const r = await run('partner', 'TeamViewer', 'notOnboarded');
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toBe(
      'TeamViewer Connector is now notOnboarded, changed outside the bot. A watch notices it at its next poll.',
    );
    expect(sim.partners()[0].onboardingStatus).toBe('notOnboarded');
    const onboarding = await run('partner', 'teamviewer', 'onboarding', '--expires-in', '90');
    expect(onboarding.out).toMatch(
      /^TeamViewer Connector is now onboarding \(onboarding request until \d{4}-\d{2}-\d{2}T/,
    );
    expect(Date.parse(sim.partners()[0].onboardingRequestExpiryDateTime!) - Date.now()).toBeLessThanOrEqual(
      90 * 60_000,
    );
  });

  it("refuses what it cannot do, with the usage or the simulator's reason", async () => {
    expect(await run('partner', 'TeamViewer', 'paused')).toMatchObject({
      code: 2,
      err: expect.stringContaining('unknown partner status "paused"'),
    });
    expect(await run('partner', 'Nobody', 'onboarded')).toMatchObject({
      code: 1,
      err: expect.stringContaining("No simulated partner 'Nobody'"),
    });
    expect(() => parsePartnerArgs(['TeamViewer', 'onboarding', '--expires-in'])).toThrow(/--expires-in <minutes>/);
    expect(parsePartnerArgs(['Contoso', 'remove'])).toEqual({ partner: 'Contoso', remove: true });
  });
});
