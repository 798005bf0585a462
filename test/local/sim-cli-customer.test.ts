/**
 * `npm run sim -- customer ...`: a person breaks (or mends) a customer tenant of the simulated MSP world, and the
 * simulated Entra and Graph answer accordingly; `state` lists the customers.
 */
import { parseCustomerArgs, runSimCli } from '../../src/local/sim-cli';
import { CONTOSO_TENANT_ID, startSimulator, type Simulator } from '../../src/simulator';
import { oboForm, request, tokenUrl } from '../simulator/sim-client';

describe('npm run sim -- customer', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(() => sim?.close());
  beforeEach(() => sim.reset());

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
  const contoso = () => sim.customers().find((c) => c.name === 'contoso')!;
  const oboContoso = () =>
    request(sim, tokenUrl(sim, CONTOSO_TENANT_ID), {
      method: 'POST',
      form: oboForm(sim, sim.issueUserAssertion(sim.users[0]), ['DeviceManagementServiceConfig.ReadWrite.All']),
    });

  it('revoke-consent breaks the customer for Entra (AADSTS90099) and says so; grant-consent mends it', async () => {
    const r = await run('customer', 'contoso', 'revoke-consent');
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toMatch(/^Customer tenant now: contoso\s+NOT consented, relationship active until \d{4}-/);
    expect((await oboContoso()).json.error_codes).toEqual([90099]);
    expect((await run('customer', 'Contoso', 'grant-consent')).out).toContain('contoso      consented');
    expect((await oboContoso()).status).toBe(200);
  });

  it('expire and renew the GDAP relationship', async () => {
    expect((await run('customer', 'contoso', 'expire')).out).toContain('relationship expired');
    expect((await oboContoso()).json.error_codes).toEqual([50020]);
    expect((await run('customer', CONTOSO_TENANT_ID, 'renew')).out).toContain('relationship active');
    expect(contoso().relationship?.status).toBe('active');
  });

  it('throttle with Retry-After and a count, and unthrottle', async () => {
    expect((await run('customer', 'contoso', 'throttle', '3', '2')).out).toContain(
      'Graph throttled (Retry-After 3 s, 2 more)',
    );
    expect(contoso().throttle).toEqual({ retryAfterSeconds: 3, remaining: 2 });
    expect((await run('customer', 'contoso', 'unthrottle')).out).not.toContain('throttled');
    expect(contoso().throttle).toBeNull();
    await run('customer', 'fabrikam', 'throttle');
    expect(sim.customers().find((c) => c.name === 'fabrikam')!.throttle).toEqual({ retryAfterSeconds: 1 });
  });

  it("partner ... --customer changes that customer's partner, not the home tenant's", async () => {
    const r = await run('partner', 'TeamViewer', 'notOnboarded', '--customer', 'fabrikam');
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(sim.customers().find((c) => c.name === 'fabrikam')!.partners[0].onboardingStatus).toBe('notOnboarded');
    expect(sim.partners()[0].onboardingStatus).toBe('onboarded');
    expect(await run('partner', 'TeamViewer', 'onboarded', '--customer')).toMatchObject({
      code: 2,
      err: expect.stringContaining('--customer takes a customer'),
    });
  });

  it('state lists the customer tenants', async () => {
    const r = await run('state');
    expect(r.out).toContain('Customer tenants (GDAP):');
    expect(r.out).toMatch(/fabrikam\s+NOT consented, relationship active/);
    expect(r.out).toMatch(/northwind\s+consented, relationship expired/);
  });

  it("refuses what it cannot do, with the usage or the simulator's reason", async () => {
    expect(await run('customer', 'contoso', 'delete')).toMatchObject({
      code: 2,
      err: expect.stringContaining('customer takes a customer'),
    });
    expect(await run('customer', 'contoso', 'throttle', 'soon')).toMatchObject({
      code: 2,
      err: expect.stringContaining('retryAfterSec must be a number'),
    });
    expect(await run('customer', 'tailspin', 'expire')).toMatchObject({
      code: 1,
      err: expect.stringContaining("No simulated customer 'tailspin'"),
    });
    expect(() => parseCustomerArgs(['contoso', 'expire', 'now'])).toThrow(/takes nothing more/);
    expect(parseCustomerArgs(['contoso', 'throttle', '2.5'])).toEqual({
      customer: 'contoso',
      throttle: { retryAfterSeconds: 2.5 },
    });
  });
});
