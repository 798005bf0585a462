/**
 * `about`, as a person meets it: the words that call it, who gets it, and what its card says (version, the policy in
 * force, what the bot may do) in both languages, read from the configuration without a Graph call and without a secret.
 */
import { parseCommand, renderReply } from '../../src/commands';
import type { Reply } from '../../src/core/replies';
import { visibleText } from '../cards/card-shape';
import { ADMIN, inMemoryCore, READER, STRANGER, TENANT, type Core } from '../core/support/in-memory-ports';

const DEPLOYMENT = { version: '1.4.2', commit: '0123abc', storeEngine: 'postgres' as const };

describe('about', () => {
  let core: Core;
  afterEach(() => core?.close());

  const run = (who: string, o: { kind?: 'personal' | 'channel' } = {}) =>
    core.service.handleCommand({ name: 'about' }, core.as(who, o));

  it.each(['about', 'version', 'info', 'ABOUT', '关于', '/about'])('"%s" is the about command', (typed) => {
    expect(parseCommand(typed)).toEqual({ name: 'about' });
  });

  it('shows a reader the version, the policy in force and what the bot may do, with no Graph call', async () => {
    const approval = { required: true, ttlMinutes: 45, approverUsers: 2, approverGroups: 1 };
    core = await inMemoryCore({}, { deployment: DEPLOYMENT, approval, intuneCheckMode: 'enforce' });
    const reply = await run(READER);
    expect(reply).toMatchObject({ type: 'about', intuneMode: 'enforce', watchIntervalSeconds: 300 });
    const text = visibleText(renderReply(reply, { locale: 'en-US' }));
    expect(text).toContain('1.4.2 (commit 0123abc)');
    expect(text).toContain('Required: a second admin or approver approves each change (for 45 minutes)');
    expect(text).toContain('the admins; approvers named by id: 2; approver groups: 1');
    expect(text).toContain('none (requests are posted only where they are asked)');
    expect(text).toContain('enforce');
    expect(text).toContain('every 5 min');
    expect(text).toContain('PostgreSQL (shared by every instance)');
    expect(text).toContain('DeviceManagementServiceConfig.ReadWrite.All');
    expect(core.gateway.calls).toEqual([]);
  });

  it("names the approvers' channel when one is set, and says approval is off when it is", async () => {
    core = await inMemoryCore({}, { deployment: DEPLOYMENT });
    await core.approval.channels.setApprovalChannel({
      tenantId: TENANT,
      address: {
        channelId: 'msteams',
        serviceUrl: 'https://smba.example/',
        conversationId: '19:approvers@thread.tacv2',
        tenantId: TENANT,
        botId: 'bot',
        kind: 'channel',
      },
      setBy: { id: ADMIN, name: 'Ada Admin' },
      locale: 'en-US',
      setAt: '2025-03-01T09:00:00.000Z',
    });
    const text = visibleText(renderReply(await run(READER), { locale: 'en-US' }));
    expect(text).toContain('set by Ada Admin at 2025-03-01 09:00 UTC');
    expect(text).toContain('Not required: a confirmation by the requester is enough');
  });

  it('answers in Chinese for a zh-CN reader', async () => {
    core = await inMemoryCore({}, { deployment: { ...DEPLOYMENT, storeEngine: 'sqlite' } });
    const text = visibleText(renderReply(await run(READER), { locale: 'zh-CN' }));
    expect(text).toContain('关于此机器人');
    expect(text).toContain('SQLite（单个实例）');
    expect(text).toContain('没有向 Microsoft Graph 发出任何请求');
  });

  it('says what it was not told rather than guessing (no deployment facts)', async () => {
    core = await inMemoryCore();
    const text = visibleText(renderReply(await run(READER), { locale: 'en-US' }));
    expect(text).toContain('Version');
    expect(text).toContain('not told');
  });

  it("shows no connection string or secret, only the engine's name", async () => {
    const consentUrl = () => 'https://login.example/adminconsent?client_id=x';
    core = await inMemoryCore({}, { deployment: DEPLOYMENT, consentUrl });
    const reply: Reply = await run(ADMIN);
    const json = JSON.stringify(renderReply(reply, { locale: 'en-US' }));
    expect(json).not.toMatch(/postgres(ql)?:\/\//);
    expect(json).not.toMatch(/password|secret/i);
  });

  it("is refused to somebody who may not use the bot (a reader's command)", async () => {
    core = await inMemoryCore({}, { deployment: DEPLOYMENT });
    expect(await run(STRANGER)).toMatchObject({ type: 'denied', reason: 'notAllowed' });
  });

  it('is listed in the help card, in both languages', async () => {
    const help = (locale: string) => visibleText(renderReply({ type: 'help', canAct: false }, { locale }));
    const line = 'This bot: its version, the policy in force here, and what it may do in this tenant.';
    expect(help('en-US')).toContain(line);
    expect(help('zh-CN')).toContain('about 或 关于');
  });
});
