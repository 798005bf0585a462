/**
 * The `signin/failure` invoke: Teams could not complete single sign-on on the client and says why, with
 * value {code, message} (Microsoft Teams SDK, "SSO Troubleshooting":
 * microsoft.github.io/teams-sdk/teams/user-authentication/troubleshooting-sso; the Teams SDK for TypeScript
 * routes it to onSignInFailure, packages/apps/src/app.oauth.ts). teams-ai 1.7.4 does not route it (501), and
 * most codes are "silent": the user sees nothing. Here it is answered 200 in every conversation, the user
 * gets a card saying what happened plus a sign-in button without SSO (the link and 6-digit-code flow, which
 * continues the user's open prompt), and the log gets one warning that names the likely cause and the fix.
 */
import { CardFactory, ActivityTypes, type Attachment, type TurnContext } from 'botbuilder';
import { describeError } from '../core/errors';
import type { Logger } from '../core/logger';
import { renderContext, signInFailureCard } from '../cards';
import { plainText } from '../i18n';
import { userTokenClientOf } from './sign-in-guard';
import { actorOf, conversationOf } from './turn-facts';

export const SIGN_IN_FAILURE_INVOKE = 'signin/failure';

/** The Teams clients that must be pre-authorized for the bot's API (Teams desktop/mobile, Teams web). */
const TEAMS_CLIENT_IDS = '1fec8e78-bce4-4aaf-ab1b-5451cc387264 and 5e3ce6c0-2b1f-4285-8d4b-75ee78787346';

/** What to check, per documented failure code; the Token Exchange URL check always applies. */
export function likelyCause(code: string, botId: string, connectionName: string): string {
  const uri = `api://botid-${botId}`;
  const setup =
    `The OAuth connection '${connectionName}' of the Azure Bot must have Token Exchange URL ${uri}, and the app registration ${botId} must ` +
    `expose the same Application ID URI (Expose an API: ${uri}, scope access_as_user, client applications ${TEAMS_CLIENT_IDS} pre-authorized).`;
  const first: Record<string, string> = {
    resourcematchfailed: 'The token-exchange resource on the sign-in card does not match the app registration.',
    installedappnotfound:
      'The app is not installed for this user (personal scope) or this group chat; if it is, check the SSO setup.',
    oauthcardnotvalid: 'Teams could not read the sign-in card.',
    tokenmissing:
      'Teams could not get a token for the bot from Entra ID (consent, conditional access, or the SSO setup).',
    authrequestfailed: 'The SSO request failed after the app was installed (often: no admin consent in this tenant).',
    installappfailed: 'Teams could not install the app in the user’s personal scope (group-chat SSO needs it).',
  };
  return `${first[code] ?? 'Teams reported an SSO failure.'} ${setup}`;
}

export function signInFailureHandler(o: { botId: string; connectionName: string; log: Logger }) {
  return async (context: TurnContext): Promise<void> => {
    const a = context.activity;
    const value = (a.value ?? {}) as { code?: unknown; message?: unknown };
    const code = plainText(typeof value.code === 'string' && value.code ? value.code : 'unknown', 64);
    const actor = actorOf(a);
    o.log.warn('Teams could not sign the user in with SSO (signin/failure); the user got the sign-in button instead', {
      code,
      teamsMessage: plainText(value.message, 300),
      conversation: conversationOf(a).kind,
      user: actor.aadObjectId,
      likelyCause: likelyCause(code, o.botId, o.connectionName),
    });
    await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200 } });

    const attachments: Attachment[] = [
      CardFactory.adaptiveCard(
        signInFailureCard({ code }, renderContext({ locale: actor.locale, timeZone: actor.timeZone })),
      ),
    ];
    try {
      const client = userTokenClientOf(context);
      const link = client ? (await client.getSignInResource(o.connectionName, a, '')).signInLink : undefined;
      // No token-exchange resource: the button and the code, never SSO again. Its texts are set on the way out.
      if (link) attachments.push(CardFactory.oauthCard(o.connectionName, 'Sign in', 'Sign in', link));
    } catch (e) {
      o.log.warn('no sign-in link for the signin/failure card', { error: describeError(e) });
    }
    try {
      await context.sendActivity({ type: ActivityTypes.Message, attachments });
    } catch (e) {
      o.log.warn('could not send the signin/failure card', { error: describeError(e) });
    }
  };
}
