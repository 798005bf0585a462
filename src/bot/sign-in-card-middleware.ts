/**
 * Every sign-in prompt the bot sends, as Teams will show it:
 * - in the reader's language (teams-ai takes one fixed title and text for all users);
 * - naming whom it is for where others see it too (group chats and channels);
 * - without the token-exchange resource in channels: Teams supports bot SSO in personal and group chats
 *   only ("SSO for a bot app in Teams is supported in one-on-one and group chat scope, and not supported in
 *   channel scope", learn.microsoft.com/microsoftteams/platform/messaging-extensions/how-to/enable-sso-auth-me);
 *   with the resource there Teams fails the exchange and sends `signin/failure`. Without it the card shows
 *   the sign-in button and the 6-digit-code flow (signin/verifyState).
 * It works on what goes on the wire (the OAuthCard attachment, the Action.Execute 401 loginRequest
 * answer), not on teams-ai's internals, through botbuilder's public onSendActivities hook. teams-ai 1.7.4
 * offers no per-conversation switch: `enableSso` is one setting for all conversations, and a second auth
 * setting for the same connection would run a second SSO dedup middleware that drops every exchange.
 * It also notes each prompt teams-ai sends for a message (SignInPrompts), so that sign-in invokes can be
 * matched to their owner.
 */
import { ActivityTypes, type Activity, type Attachment, type Middleware, type TurnContext } from 'botbuilder';
import { describeError } from '../core/errors';
import type { Logger } from '../core/logger';
import { resolveLocale, translator } from '../i18n';
import type { SignInPrompts } from './sign-in-prompts';
import { actorOf, conversationOf } from './turn-facts';

export const OAUTH_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.oauth';
export const LOGIN_REQUEST_TYPE = 'application/vnd.microsoft.activity.loginRequest';

interface Button {
  type?: string;
  title?: string;
  text?: string;
  value?: unknown;
}
interface OAuthCardContent {
  text?: string;
  connectionName?: string;
  buttons?: Button[];
  tokenExchangeResource?: { id?: string; uri?: string; providerId?: string };
  tokenPostResource?: unknown;
}
interface LoginRequest {
  statusCode: 401;
  type: typeof LOGIN_REQUEST_TYPE;
  value: { text?: string; connectionName?: string; buttons?: Button[]; tokenExchangeResource?: unknown };
}

/** How a sign-in prompt reads for the person of this turn. */
export interface PromptWords {
  text: string;
  button: string;
  /** Whether this conversation may carry SSO (the token-exchange resource). */
  sso: boolean;
}

export function promptWords(activity: Partial<Activity>): PromptWords {
  const actor = actorOf(activity);
  const kind = conversationOf(activity).kind;
  const t = translator(resolveLocale(actor.locale));
  const name = actor.name.trim() || t.plain('common.someone');
  return {
    text: kind === 'personal' ? t.plain('signIn.prompt') : t.plain('signIn.promptFor', { name }),
    button: t.plain('signIn.button'),
    sso: kind !== 'channel',
  };
}

export function signInCardMiddleware(prompts: SignInPrompts, log: Logger): Middleware {
  return {
    onTurn: async (context: TurnContext, next: () => Promise<void>) => {
      context.onSendActivities(async (ctx, activities, sendNow) => {
        for (let i = 0; i < activities.length; i++) {
          activities[i] = await rewrite(ctx, activities[i], prompts, log);
        }
        return sendNow();
      });
      await next();
    },
  };
}

async function rewrite(
  ctx: TurnContext,
  outgoing: Partial<Activity>,
  prompts: SignInPrompts,
  log: Logger,
): Promise<Partial<Activity>> {
  if (outgoing.type === ActivityTypes.Message && outgoing.attachments?.some(isOAuthCard)) {
    const words = promptWords(ctx.activity);
    const attachments = outgoing.attachments.map((a) =>
      isOAuthCard(a) ? { ...a, content: promptCard(a.content as OAuthCardContent, words) } : a,
    );
    // teams-ai prompts from a message only: this card opens the sender's prompt.
    if (ctx.activity.type === ActivityTypes.Message) await notePrompt(ctx, attachments, prompts, log);
    return { ...outgoing, attachments };
  }
  const answer = outgoing.value as { status?: number; body?: unknown } | undefined;
  if (outgoing.type === ActivityTypes.InvokeResponse && isLoginRequest(answer?.body)) {
    return { ...outgoing, value: { ...answer, body: loginRequest(answer.body, promptWords(ctx.activity)) } };
  }
  return outgoing;
}

function promptCard(content: OAuthCardContent, words: PromptWords): OAuthCardContent {
  const { tokenExchangeResource, ...rest } = content;
  return {
    ...rest,
    text: words.text,
    buttons: (content.buttons ?? []).map((b) => ({ ...b, title: words.button })),
    ...(words.sso && tokenExchangeResource ? { tokenExchangeResource } : {}),
  };
}

function loginRequest(body: LoginRequest, words: PromptWords): LoginRequest {
  const { tokenExchangeResource, ...value } = body.value;
  return {
    ...body,
    value: {
      ...value,
      text: words.text,
      buttons: (value.buttons ?? []).map((b) => ({ ...b, title: words.button, text: words.button })),
      ...(words.sso && tokenExchangeResource ? { tokenExchangeResource } : {}),
    },
  };
}

async function notePrompt(
  ctx: TurnContext,
  attachments: Attachment[],
  prompts: SignInPrompts,
  log: Logger,
): Promise<void> {
  const a = ctx.activity;
  const card = attachments.find(isOAuthCard)?.content as OAuthCardContent | undefined;
  try {
    await prompts.opened(
      { channelId: a.channelId, conversationId: a.conversation.id },
      a.from.id,
      actorOf(a).name,
      card?.tokenExchangeResource?.id,
    );
  } catch (e) {
    // The prompt still goes out; an invoke for it is then answered as one without a prompt (sign-in-guard.ts).
    log.warn('could not note a sign-in prompt', { error: describeError(e) });
  }
}

function isOAuthCard(a: Attachment): boolean {
  return a.contentType === OAUTH_CARD_CONTENT_TYPE && !!a.content && typeof a.content === 'object';
}

function isLoginRequest(body: unknown): body is LoginRequest {
  const b = body as Partial<LoginRequest> | undefined;
  return !!b && b.type === LOGIN_REQUEST_TYPE && !!b.value && typeof b.value === 'object';
}
