/**
 * GetSignInResource on the Bot Framework token service, through botframework-connector's own
 * UserTokenClientImpl (the client the adapter builds for sign-in), for `npm run doctor`. It lives in bot/
 * because bot/ is the only room that imports the Bot Framework SDK.
 *
 * The bot's Authorization comes from `getBotToken` (the doctor's client-credentials token for
 * https://api.botframework.com/.default, the same app and scope the connector's own credentials ask for),
 * so the doctor needs no second credential stack. The activity is a made-up personal conversation: the
 * token service only encodes it into the sign-in state.
 */
import { AuthenticationConstants } from 'botframework-connector';
import { UserTokenClientImpl } from 'botframework-connector/lib/auth/userTokenClientImpl';

export interface SignInResourceProbe {
  appId: string;
  connectionName: string;
  /** The configured TOKEN_SERVICE_URL; default the public token service, as the adapter's. */
  tokenServiceUrl?: string;
  getBotToken(): Promise<string>;
}

export interface SignInResourceAnswer {
  tokenServiceUrl: string;
  /** Whether a sign-in link came back (its value is not returned: it carries the sign-in state). */
  hasSignInLink: boolean;
  tokenExchangeResource?: { id?: string; uri?: string; providerId?: string };
}

/** What the token service answered when it refused (a RestError from the connector, or a network error). */
export interface TokenServiceFailure {
  status?: number;
  code?: string;
  message: string;
}

export function defaultTokenServiceUrl(): string {
  return AuthenticationConstants.OAuthUrl;
}

export async function probeSignInResource(probe: SignInResourceProbe): Promise<SignInResourceAnswer> {
  const tokenServiceUrl = probe.tokenServiceUrl ?? defaultTokenServiceUrl();
  const credentials = {
    signRequest: async <T extends { headers: { set(name: string, value: string): void } }>(resource: T): Promise<T> => {
      resource.headers.set('Authorization', `Bearer ${await probe.getBotToken()}`);
      return resource;
    },
  };
  const client = new UserTokenClientImpl(
    probe.appId,
    credentials as ConstructorParameters<typeof UserTokenClientImpl>[1],
    tokenServiceUrl,
    {},
  );
  const activity = {
    type: 'message',
    id: 'doctor',
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/teams/',
    from: { id: 'doctor', name: 'npm run doctor' },
    recipient: { id: `28:${probe.appId}`, name: 'bot' },
    conversation: { id: 'doctor', conversationType: 'personal' },
  };
  const answer = await client.getSignInResource(
    probe.connectionName,
    activity as Parameters<UserTokenClientImpl['getSignInResource']>[1],
    '',
  );
  return {
    tokenServiceUrl,
    hasSignInLink: typeof answer?.signInLink === 'string' && answer.signInLink.length > 0,
    tokenExchangeResource: answer?.tokenExchangeResource,
  };
}

/** Reads the connector's RestError (statusCode, code, the body's error.message) without its request. */
export function describeTokenServiceFailure(e: unknown): TokenServiceFailure {
  const err = (e ?? {}) as {
    statusCode?: unknown;
    code?: unknown;
    message?: unknown;
    response?: { bodyAsText?: unknown };
  };
  let message = typeof err.message === 'string' ? err.message : String(e);
  const body = typeof err.response?.bodyAsText === 'string' ? err.response.bodyAsText : '';
  try {
    const parsed = JSON.parse(body) as { error?: { code?: unknown; message?: unknown }; message?: unknown };
    const inner = parsed.error?.message ?? parsed.message;
    if (typeof inner === 'string' && inner) message = inner;
  } catch {
    // not JSON: keep the error's own message
  }
  return {
    status: typeof err.statusCode === 'number' ? err.statusCode : undefined,
    code: typeof err.code === 'string' ? err.code : undefined,
    message: message.slice(0, 300),
  };
}
