/** The whoami card: what a person reads about themselves, in both languages, with user text escaped. */
import { renderReply } from '../../src/commands';
import type { Reply } from '../../src/core/replies';
import { visibleText } from './card-shape';

const reply = (over: Partial<Extract<Reply, { type: 'whoami' }>> = {}): Reply => ({
  type: 'whoami',
  actor: {
    tenantId: 'tenant-1',
    aadObjectId: 'aad-alex',
    name: 'Alex *Wilber*',
    locale: 'en-US',
    timeZone: 'Europe/Berlin',
  },
  conversation: 'personal',
  tenantAllowed: true,
  role: 'admin',
  signedIn: true,
  intune: { mode: 'advise' },
  ...over,
});

describe('whoami card', () => {
  it('shows the name (escaped), ids, language, role and sign-in in English', () => {
    const text = visibleText(renderReply(reply(), { locale: 'en-US' }));
    expect(text).toContain('Alex \\*Wilber\\*');
    expect(text).toContain('aad-alex');
    expect(text).toContain('tenant-1');
    expect(text).toContain('en-US, Europe/Berlin');
    expect(text).toContain('Yes, as an administrator');
    expect(text).toContain('nothing was asked of Microsoft Graph');
  });

  it.each([
    [{ role: 'reader' as const }, 'To read only'],
    [{ role: 'byGroup' as const }, 'Decided by your group membership'],
    [{ role: 'none' as const }, 'you are not on the lists'],
    [{ role: 'none' as const, tenantAllowed: false }, 'your organization is not one this bot serves'],
    [{ signedIn: false }, 'No (you will be asked'],
    [{ signedIn: undefined }, 'Unknown (the sign-in service did not answer)'],
  ])('%j -> "%s"', (over, expected) => {
    expect(visibleText(renderReply(reply(over), { locale: 'en-US' }))).toContain(expected);
  });

  const answer = (over: object) => ({
    intune: {
      mode: 'advise' as const,
      answer: { verdict: 'unknown' as const, lookup: 'listed' as const, allowed: [], notAllowed: [], ...over },
    },
  });
  it.each([
    [
      { intune: { mode: 'off' as const } },
      ['Off: Intune is not asked', 'Not asked (the check is off)', 'nothing was asked of Microsoft Graph'],
    ],
    [{ intune: { mode: 'enforce' as const } }, ['Enforce: when Intune lists', 'Not asked: you are not signed in']],
    [
      { role: 'none' as const, intune: { mode: 'advise' as const } },
      ['Advise: what Intune says is shown', 'Not asked: you may not use this bot'],
    ],
    [
      answer({ lookup: 'refused' }),
      [
        'Intune refused the lookup (401 Forbidden)',
        "Unknown: Intune's answer names no Remote Assistance permission",
        'what Intune answered for you',
      ],
    ],
    [answer({ lookup: 'failed' }), ['None: Intune could not be asked']],
    [answer({}), ['Remote Assistance: allowed\nnone listed', 'Remote Assistance: not allowed\nnone listed']],
    [
      answer({
        verdict: 'missing',
        allowed: ['Microsoft.Intune_RemoteAssistance_Read'],
        notAllowed: ['Microsoft.Intune_RemoteAssistance_Update'],
      }),
      [
        'Microsoft.Intune\\_RemoteAssistance\\_Read',
        'not allowed\nMicrosoft.Intune\\_RemoteAssistance\\_Update',
        'Missing: Intune lists',
      ],
    ],
    [answer({ verdict: 'allowed', allowed: ['*'] }), ['allowed\n\\*', "Allowed, by Intune's answer"]],
  ])('Intune: %j', (over, expected) => {
    const text = visibleText(renderReply(reply(over), { locale: 'en-US' }));
    for (const e of expected) expect(text).toContain(e);
  });

  it('speaks Chinese to a zh-CN user', () => {
    const text = visibleText(renderReply(reply({ role: 'reader' }), { locale: 'zh-CN' }));
    expect(text).toContain('你在我这里的身份');
    expect(text).toContain('仅可查看');
  });
});
