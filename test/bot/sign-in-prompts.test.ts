/**
 * The bot's note of open sign-in prompts (src/bot/sign-in-prompts.ts), on botbuilder's MemoryStorage, whose
 * semantics the bot's own storage keeps (src/store/bot-storage.ts).
 */
import { MemoryStorage } from 'botbuilder';
import { SIGN_IN_TIMEOUT_MS, SignInPrompts } from '../../src/bot/sign-in-prompts';

const chat = { channelId: 'msteams', conversationId: '19:groupchat@thread.v2' };
const other = { channelId: 'msteams', conversationId: 'a:personal' };

describe('SignInPrompts', () => {
  let now = 1_000_000;
  let prompts: SignInPrompts;
  beforeEach(() => {
    now = 1_000_000;
    prompts = new SignInPrompts(new MemoryStorage(), () => now);
  });

  it('a prompt is open for its owner in its conversation, until it times out as OAuthPrompt does', async () => {
    await prompts.opened(chat, '29:megan', 'Megan Bowen', 'card-1');
    expect(await prompts.isOpen(chat, '29:megan')).toBe(true);
    expect(await prompts.isOpen(chat, '29:adele')).toBe(false);
    expect(await prompts.isOpen(other, '29:megan')).toBe(false);
    now += SIGN_IN_TIMEOUT_MS - 1;
    expect(await prompts.isOpen(chat, '29:megan')).toBe(true);
    now += 2;
    expect(await prompts.isOpen(chat, '29:megan')).toBe(false);
  });

  it('knows whose card an exchange id is, and that it was finished once the prompt closed', async () => {
    await prompts.opened(chat, '29:megan', 'Megan Bowen', 'card-1');
    await prompts.opened(chat, '29:megan', 'Megan Bowen', 'card-2'); // a second command, a second card
    expect(await prompts.cardOwner(chat, 'card-1')).toEqual({ userId: '29:megan', name: 'Megan Bowen', closed: false });
    expect(await prompts.cardOwner(chat, 'unknown')).toBeUndefined();
    expect(await prompts.cardOwner(other, 'card-1')).toBeUndefined();
    await prompts.closed(chat, '29:megan');
    expect(await prompts.isOpen(chat, '29:megan')).toBe(false);
    expect(await prompts.cardOwner(chat, 'card-1')).toEqual({ userId: '29:megan', name: 'Megan Bowen', closed: true });
    expect(await prompts.cardOwner(chat, 'card-2')).toMatchObject({ closed: true });
  });

  it('a prompt without SSO (channels) is open without a card id; closing an unknown prompt does nothing', async () => {
    await prompts.opened(chat, '29:megan', 'Megan Bowen');
    expect(await prompts.isOpen(chat, '29:megan')).toBe(true);
    await expect(prompts.closed(chat, '29:nobody')).resolves.toBeUndefined();
  });
});
