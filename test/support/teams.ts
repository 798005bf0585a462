/**
 * Builds the activities Teams sends to a bot, as they arrive on the wire (shapes taken from real Teams
 * traffic: msteams channel, 29: user ids, 28: bot id, tenant in conversation and channelData).
 */
import { randomUUID } from 'node:crypto';

export interface TeamsUser {
  /** Teams channel user id, e.g. 29:1abc... */
  id: string;
  aadObjectId: string;
  tenantId: string;
  name: string;
}

export type Where = 'personal' | 'channel' | 'groupChat';

/** The team's General channel, where `where: 'channel'` is by default. */
export const GENERAL = '19:general@thread.tacv2';

export interface TeamsClientOptions {
  serviceUrl: string;
  botId: string;
  botName?: string;
}

export class TeamsClient {
  readonly bot: { id: string; name: string };
  constructor(private readonly o: TeamsClientOptions) {
    this.bot = { id: `28:${o.botId}`, name: o.botName ?? 'Remote Assistance' };
  }

  /** `channel`: which channel of the team (its id, 19:...@thread.tacv2); General by default. `thread`: the post's id. */
  conversation(user: TeamsUser, where: Where, channel = GENERAL, thread = '1700000000000'): Record<string, unknown> {
    if (where === 'channel') {
      return {
        id: `${channel};messageid=${thread}`,
        conversationType: 'channel',
        tenantId: user.tenantId,
        isGroup: true,
      };
    }
    if (where === 'groupChat')
      return { id: '19:groupchat@thread.v2', conversationType: 'groupChat', tenantId: user.tenantId, isGroup: true };
    return { id: `a:personal-${user.aadObjectId}`, conversationType: 'personal', tenantId: user.tenantId };
  }

  private base(user: TeamsUser, where: Where, locale: string, channel = GENERAL, thread?: string) {
    return {
      id: randomUUID(),
      channelId: 'msteams',
      serviceUrl: this.o.serviceUrl,
      timestamp: new Date().toISOString(),
      localTimestamp: new Date().toISOString(),
      locale,
      from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
      recipient: this.bot,
      conversation: this.conversation(user, where, channel, thread),
      channelData: {
        tenant: { id: user.tenantId },
        ...(where === 'channel' ? { team: { id: '19:team@thread.tacv2' }, channel: { id: channel } } : {}),
      },
    };
  }

  /** A typed message; in a channel (or when asked) it @mentions the bot, as Teams requires there. */
  message(
    user: TeamsUser,
    text: string,
    opts: { where?: Where; locale?: string; timeZone?: string; mention?: boolean; channel?: string } = {},
  ) {
    const where = opts.where ?? 'personal';
    const mention = opts.mention ?? where !== 'personal';
    const tag = `<at>${this.bot.name}</at>`;
    const entities: Record<string, unknown>[] = [
      {
        type: 'clientInfo',
        locale: opts.locale ?? 'en-US',
        country: 'US',
        platform: 'Web',
        timezone: opts.timeZone ?? 'Europe/Berlin',
      },
    ];
    if (mention) entities.push({ type: 'mention', text: tag, mentioned: { id: this.bot.id, name: this.bot.name } });
    return {
      ...this.base(user, where, opts.locale ?? 'en-US', opts.channel),
      type: 'message',
      text: mention ? `${tag} ${text}` : text,
      textFormat: 'plain',
      entities,
    };
  }

  /** A click on an Action.Execute button of the card with id `replyToId`. */
  /**
   * A click on an Action.Execute button of the card with id `replyToId` (`trigger` 'automatic': the card's refresh,
   * sent by Teams itself when a listed user sees the card). In a channel the click comes from the card's thread.
   */
  action(
    user: TeamsUser,
    verb: string,
    data: Record<string, unknown>,
    replyToId: string,
    opts: { where?: Where; locale?: string; channel?: string; thread?: string; trigger?: 'manual' | 'automatic' } = {},
  ) {
    return {
      ...this.base(user, opts.where ?? 'personal', opts.locale ?? 'en-US', opts.channel, opts.thread),
      type: 'invoke',
      name: 'adaptiveCard/action',
      replyToId,
      entities: [{ type: 'clientInfo', locale: opts.locale ?? 'en-US', timezone: 'Europe/Berlin' }],
      value: { action: { type: 'Action.Execute', id: randomUUID(), verb, data }, trigger: opts.trigger ?? 'manual' },
    };
  }

  /** What Teams sends after it got an SSO token silently for an OAuthCard with a tokenExchangeResource. */
  tokenExchange(user: TeamsUser, connectionName: string, ssoToken: string, where: Where = 'personal') {
    return {
      ...this.base(user, where, 'en-US'),
      type: 'invoke',
      name: 'signin/tokenExchange',
      value: { id: randomUUID(), connectionName, token: ssoToken },
    };
  }

  /** What Teams sends after a sign-in through the link (channels), with the 6-digit code. */
  verifyState(user: TeamsUser, code: string, where: Where = 'channel') {
    return { ...this.base(user, where, 'en-US'), type: 'invoke', name: 'signin/verifyState', value: { state: code } };
  }

  membersAdded(user: TeamsUser, where: Where = 'personal') {
    return { ...this.base(user, where, 'en-US'), type: 'conversationUpdate', membersAdded: [{ id: this.bot.id }] };
  }
}

/** Every text of an Adaptive Card (TextBlocks, facts, action titles), for assertions on what a user reads. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    for (const k of ['text', 'title', 'value']) if (typeof o[k] === 'string') out.push(o[k] as string);
    for (const v of Object.values(o)) if (typeof v === 'object') walk(v);
  };
  walk(card);
  return out.join('\n');
}

/** The Adaptive Card (content) of a posted or updated activity. */
export function cardOf(activity: Record<string, any> | undefined): Record<string, any> | undefined {
  return activity?.attachments?.find((a: any) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}

/** Every Action.Execute in a card, wherever it is (actions, ActionSets). */
export function actionsOf(card: unknown): { title: string; verb: string; data: Record<string, unknown> }[] {
  const out: { title: string; verb: string; data: Record<string, unknown> }[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    const o = n as Record<string, any>;
    if (o.type === 'Action.Execute') out.push({ title: o.title, verb: o.verb, data: o.data ?? {} });
    for (const v of Object.values(o)) if (typeof v === 'object') walk(v);
  };
  walk(card);
  return out;
}
