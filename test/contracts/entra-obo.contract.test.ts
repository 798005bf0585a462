/**
 * Contract: the simulated Entra token endpoint answers the on-behalf-of grant as the Microsoft identity platform
 * documents it (fixtures/entra-obo.json: v2-oauth2-on-behalf-of-flow.md, reference-error-codes.md): the success
 * fields, and errors with error / error_description / error_codes / timestamp / trace_id / correlation_id, for
 * the consent and interaction cases the bot turns into cards.
 */
import { startSimulator, type Simulator } from '../../src/simulator';
import { oboForm, request, tokenUrl } from '../simulator/sim-client';
import { entraErrorProblems, fixture, oboSuccessProblems } from './support/shapes';

const doc = fixture('entra-obo.json');
const RW = 'DeviceManagementServiceConfig.ReadWrite.All';

describe('contract: the checkers, on the documented examples', () => {
  test('the success example conforms; a missing or mistyped field does not', () => {
    expect(oboSuccessProblems(doc.success.example)).toEqual([]);
    const { access_token: _gone, ...noToken } = doc.success.example;
    expect(oboSuccessProblems(noToken)).toEqual(['access_token is missing']);
    expect(oboSuccessProblems({ ...doc.success.example, expires_in: '3269' })).toEqual([
      'expires_in is string, not number',
    ]);
    expect(oboSuccessProblems({ ...doc.success.example, token_type: 'bearer' })).toEqual(['token_type is not Bearer']);
  });

  test.each(Object.entries(doc.error.examples))('the %s error example conforms', (_name, example) => {
    expect(entraErrorProblems(example)).toEqual([]);
  });

  test('an error with the wrong separators, a code mismatch, or an undocumented field does not', () => {
    const ok = doc.error.examples.consentRequired;
    expect(entraErrorProblems({ ...ok, error_description: ok.error_description.replace(/\r\n/g, ' ') })).toEqual([
      expect.stringContaining('does not read'),
    ]);
    expect(entraErrorProblems({ ...ok, error_codes: [50076] })).toEqual([expect.stringContaining('error_codes')]);
    expect(entraErrorProblems({ ...ok, hint: 'x' })).toEqual(['hint is not documented']);
  });
});

describe('contract: the simulated on-behalf-of answers', () => {
  let sim: Simulator;
  const alex = () => sim.users[0];

  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(async () => {
    await sim?.close();
  });
  beforeEach(() => sim.reset());

  const obo = (form: Record<string, string>, tenant = alex().tenantId) =>
    request(sim, tokenUrl(sim, tenant), { method: 'POST', form });

  test('success: the documented fields and types; a refresh_token because offline_access was asked for', async () => {
    const res = await obo(oboForm(sim, sim.issueUserAssertion(alex()), [RW]));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(oboSuccessProblems(res.json)).toEqual([]);
    expect(res.json.scope).toBe(`https://graph.microsoft.com/${RW}`);
    expect(res.json.expires_in).toBeGreaterThan(0);
    expect(typeof res.json.refresh_token).toBe('string');
  });

  test('success without offline_access: no refresh_token ("only provided if the offline_access scope was requested")', async () => {
    const form = oboForm(sim, sim.issueUserAssertion(alex()), [RW]);
    const res = await obo({ ...form, scope: `https://graph.microsoft.com/${RW}` });
    expect(res.status).toBe(200);
    expect(oboSuccessProblems(res.json)).toEqual([]);
    expect(res.json).not.toHaveProperty('refresh_token');
  });

  test('consent missing: invalid_grant, AADSTS65001, suberror consent_required, in the documented error shape', async () => {
    sim.faults.user(alex().aadObjectId, { consentRequired: true });
    const res = await obo(oboForm(sim, sim.issueUserAssertion(alex()), [RW]));
    expect(res.status).toBe(400);
    expect(entraErrorProblems(res.json)).toEqual([]);
    expect(res.json).toMatchObject({
      error: doc.error.examples.consentRequired.error,
      error_codes: doc.error.examples.consentRequired.error_codes,
      suberror: 'consent_required',
    });
  });

  test('a scope nobody consented to is the same consent error', async () => {
    const res = await obo(oboForm(sim, sim.issueUserAssertion(alex()), ['Mail.Read']));
    expect(entraErrorProblems(res.json)).toEqual([]);
    expect(res.json).toMatchObject({ error: 'invalid_grant', error_codes: [65001], suberror: 'consent_required' });
  });

  test('interaction required (MFA / Conditional Access): interaction_required with a claims challenge, as the OBO page shows', async () => {
    sim.faults.user(alex().aadObjectId, { interactionRequired: true });
    const res = await obo(oboForm(sim, sim.issueUserAssertion(alex()), [RW]));
    expect(res.status).toBe(400);
    expect(entraErrorProblems(res.json)).toEqual([]);
    expect(res.json.error).toBe(doc.error.examples.interactionRequired.error);
    expect(Object.keys(JSON.parse(res.json.claims))).toEqual(['access_token']);
  });

  test.each([
    [
      'a wrong client secret',
      () => ({ ...oboForm(sim, sim.issueUserAssertion(alex()), [RW]), client_secret: 'wrong' }),
      'invalid_client',
    ],
    [
      'an unknown client',
      () => ({
        ...oboForm(sim, sim.issueUserAssertion(alex()), [RW]),
        client_id: '11111111-2222-3333-4444-555555555555',
      }),
      'unauthorized_client',
    ],
    [
      'an expired assertion',
      () => oboForm(sim, sim.issueUserAssertion(alex(), { expiresInSeconds: -60 }), [RW]),
      'invalid_grant',
    ],
    [
      'an assertion for another audience',
      () => oboForm(sim, sim.issueUserAssertion(alex(), { audience: 'https://graph.microsoft.com' }), [RW]),
      'invalid_grant',
    ],
    ['a malformed assertion', () => oboForm(sim, 'not-a-jwt', [RW]), 'invalid_request'],
    [
      'no scope',
      () => ({ ...oboForm(sim, sim.issueUserAssertion(alex()), [RW]), scope: 'openid profile' }),
      'invalid_scope',
    ],
    [
      'another grant type',
      () => ({ ...oboForm(sim, sim.issueUserAssertion(alex()), [RW]), grant_type: 'password' }),
      'unsupported_grant_type',
    ],
  ] as const)('%s: %s in the documented error shape', async (_what, form, error) => {
    const res = await obo(form());
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(entraErrorProblems(res.json)).toEqual([]);
    expect(res.json.error).toBe(error);
  });

  test('an unknown tenant: invalid_tenant in the documented error shape', async () => {
    const res = await obo(oboForm(sim, sim.issueUserAssertion(alex()), [RW]), '11111111-2222-3333-4444-555555555555');
    expect(entraErrorProblems(res.json)).toEqual([]);
    expect(res.json.error).toBe('invalid_tenant');
  });
});
