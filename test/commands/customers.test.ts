/**
 * `customers`, as a technician meets it: a row per customer they may read (others left out), each with the partner's
 * state there or Entra's refusal (consent missing, no access, relationship ended), and the GDAP relationship; a
 * relationship list they may not read is "not readable", never a failed card; in both languages.
 */
import { parseCommand, renderReply } from '../../src/commands';
import type { Customer, CustomerDirectory } from '../../src/core/customers';
import { AppError } from '../../src/core/errors';
import type { UserSession } from '../../src/core/model';
import type { DirectoryGateway, GraphCaller } from '../../src/core/ports';
import type { GdapRelationship, PartnerRelationships } from '../../src/core/partner-relationships';
import { visibleText } from '../cards/card-shape';
import { inMemoryCore, READER, STRANGER, type Core } from '../core/support/in-memory-ports';

const TECHS = 'group-technicians';
const customer = (name: string, tenantId: string, displayName: string, groups = [TECHS]): Customer => ({
  name,
  tenantId,
  displayName,
  technicianGroupIds: groups,
  readerGroupIds: [],
});
const CONTOSO = customer('contoso', 'T-CONTOSO', 'Contoso Ltd');
const FABRIKAM = customer('fabrikam', 't-fabrikam', 'Fabrikam Inc');
const NORTHWIND = customer('northwind', 't-northwind', 'Northwind Traders');
const HIDDEN = customer('hidden', 't-hidden', 'Hidden Corp', ['group-someone-else']);
const DIRECTORY: CustomerDirectory = { customers: [CONTOSO, FABRIKAM, NORTHWIND, HIDDEN], groups: {} };

const relationship = (tenantId: string, status: string, endDateTime: string | null): GdapRelationship => ({
  id: `rel-${tenantId}`,
  customerTenantId: tenantId.toLowerCase(),
  customerDisplayName: tenantId,
  status,
  endDateTime,
});
const RELATIONSHIPS = [
  relationship('t-contoso', 'active', '2027-01-31T00:00:00Z'),
  relationship('t-northwind', 'expired', '2025-02-01T00:00:00Z'),
];

const refusals: Record<string, AppError> = {
  't-fabrikam': new AppError(
    'auth.customerNotConsented',
    'On-behalf-of token request failed: invalid_grant (AADSTS90099)',
  ),
  't-northwind': new AppError(
    'auth.customerNoAccess',
    'On-behalf-of token request failed: invalid_grant (AADSTS50020)',
  ),
};

describe('customers', () => {
  let core: Core;
  afterEach(() => core?.close());
  const readsAt: string[] = [];

  async function setup(relationships: PartnerRelationships | undefined, directory: CustomerDirectory = DIRECTORY) {
    core = await inMemoryCore({ customers: directory }, { customers: directory, relationships });
    readsAt.length = 0;
    const groups: DirectoryGateway = core.gateway;
    groups.memberOf = async (_s: UserSession, ids: string[]) => ids.filter((g) => g === TECHS);
    const list = core.gateway.list.bind(core.gateway);
    core.gateway.list = async (caller: GraphCaller) => {
      const tenant = 'target' in caller ? (caller.target?.tenantId ?? 'home') : 'app';
      readsAt.push(tenant);
      if (refusals[tenant]) throw refusals[tenant];
      return list(caller);
    };
  }
  const homeReads: (string | undefined)[] = [];
  const readable = (): PartnerRelationships => ({
    async relationships(s) {
      homeReads.push(s.target?.name);
      return RELATIONSHIPS;
    },
  });
  const run = () => core.service.handleCommand({ name: 'customers' }, core.as(READER));
  const shown = async (locale: 'en-US' | 'zh-CN' = 'en-US') => visibleText(renderReply(await run(), { locale }));

  it.each(['customers', 'tenants', 'CUSTOMERS', '客户', '/customers'])('"%s" is the customers command', (typed) => {
    expect(parseCommand(typed)).toEqual({ name: 'customers' });
  });

  it('says the bot serves no customer tenants and where to read how to set them up', async () => {
    core = await inMemoryCore();
    const text = await shown();
    expect(text).toContain('This bot serves no customer tenants');
    expect(text).toContain('docs/msp.md');
    expect(core.gateway.calls).toEqual([]);
  });

  it('shows each customer the user may read: the partner there, or why not, and the relationship', async () => {
    homeReads.length = 0;
    await setup(readable());
    const text = await shown();
    expect(text).toContain('Contoso Ltd · contoso');
    expect(text).toContain('TeamViewer Connector: onboarded');
    expect(text).toContain('active until 2027-01-31 00:00 UTC');
    expect(text).toContain('Fabrikam Inc · fabrikam');
    expect(text).toContain('app not consented (AADSTS90099)');
    expect(text).toContain('Northwind Traders · northwind');
    expect(text).toContain('no access (AADSTS50020): relationship ended on 2025-02-01 00:00 UTC');
    expect(text).toContain('expired (ended on 2025-02-01 00:00 UTC)');
    // The customer whose groups the user is in none of is left out, and nothing is asked there.
    expect(text).not.toContain('Hidden');
    expect(readsAt.sort()).toEqual(['t-contoso', 't-fabrikam', 't-northwind']);
    // The relationships are read once, at home (no customer target).
    expect(homeReads).toEqual([undefined]);
  });

  it('says "no access" without a date when the relationship is not listed as ended', async () => {
    await setup({ relationships: async () => [relationship('t-northwind', 'active', '2027-05-01T00:00:00Z')] });
    const text = await shown();
    expect(text).toContain('no access (AADSTS50020)');
    expect(text).not.toContain('relationship ended');
    expect(text).toContain('none listed'); // fabrikam has no relationship in the list
  });

  it('shows "not readable" for relationships Graph refuses (403), and the rows still', async () => {
    await setup({
      relationships: async () => Promise.reject(new AppError('graph.forbidden', 'Forbidden', { status: 403 })),
    });
    const text = await shown();
    expect(text).toContain('not readable (DelegatedAdminRelationship.Read.All in the partner tenant)');
    expect(text).toContain('TeamViewer Connector: onboarded');
    expect(text).toContain('no access (AADSTS50020)');
    expect(text).not.toContain('relationship ended');
  });

  it('keeps the card when the relationships cannot be read for another reason (throttled)', async () => {
    await setup({ relationships: async () => Promise.reject(new AppError('graph.throttled', 'x', { status: 429 })) });
    const text = await shown();
    expect(text).toMatch(/could not be read: .+/);
    expect(text).toContain('TeamViewer Connector: onboarded');
  });

  it('says so when none of the configured customers is one the user may read', async () => {
    await setup(readable(), { customers: [HIDDEN], groups: {} });
    const text = await shown();
    expect(text).toContain('None of the configured customers is one you may read');
    expect(readsAt).toEqual([]);
  });

  it('a technician who holds no role at home still sees the customers their groups serve (each customer decides)', async () => {
    await setup(readable());
    const reply = await core.service.handleCommand({ name: 'customers' }, core.as(STRANGER));
    const text = visibleText(renderReply(reply, { locale: 'en-US' }));
    expect(text).toContain('Contoso Ltd · contoso');
    expect(text).not.toContain('Hidden');
  });

  it("refuses a user of another tenant, and a token that is not the user's own, before any Graph call", async () => {
    await setup(readable());
    const stranger = core.as(STRANGER);
    const foreign = { ...stranger, actor: { ...stranger.actor, tenantId: 'another-tenant' } };
    expect(await core.service.handleCommand({ name: 'customers' }, foreign)).toMatchObject({
      type: 'denied',
      reason: 'wrongTenant',
    });
    const me = core.as(STRANGER);
    const borrowed = { ...me, session: { actor: me.actor, assertion: core.as(READER).session!.assertion } };
    expect(await core.service.handleCommand({ name: 'customers' }, borrowed)).toMatchObject({
      type: 'denied',
      reason: 'tokenUserMismatch',
    });
    const signedOut = await core.service.handleCommand({ name: 'customers' }, core.as(STRANGER, { signedIn: false }));
    expect(signedOut).toMatchObject({ type: 'error', error: { kind: 'auth.signInRequired' } });
    expect(readsAt).toEqual([]);
  });

  it('answers in Chinese for a zh-CN reader', async () => {
    await setup(readable());
    const text = await shown('zh-CN');
    expect(text).toContain('客户');
    expect(text).toContain('应用未获同意（AADSTS90099）');
    expect(text).toContain('无访问权限（AADSTS50020）：关系已于');
    expect(text).toContain('合作伙伴');
  });
});
