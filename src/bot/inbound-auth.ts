/**
 * Inbound authentication, as botframework-connector does it (issuer, audience = the bot's app id, expiry with
 * 5 minutes of skew, a key from the configured OpenID metadata endorsed for the activity's channel, and the
 * `serviceurl` claim = the activity's serviceUrl), with two things added:
 * - every refusal is a 401: botframework-connector rethrows jsonwebtoken's own errors ('invalid signature' for
 *   a stranger's key under a published key id, a token not valid yet) as they are, and CloudAdapter answers
 *   those with 500;
 * - every refusal is logged once (the reason, never the token);
 * - only the channel's issuer is accepted. botframework-connector also accepts the Bot Framework Emulator's
 *   issuers (sts.windows.net/... and login.microsoftonline.com/...) and then checks the token's appid, not its
 *   audience: a token Entra issued TO this bot (e.g. its own token for the Bot Connector) would pass as an
 *   activity token. A bot in a tenant has no Emulator to serve, so those are refused before botbuilder looks.
 */
import type { Activity } from 'botbuilder';
import {
  AuthenticationError,
  BotFrameworkAuthentication,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorFactory,
  type UserTokenClient,
} from 'botframework-connector';
import type { Logger } from '../core/logger';

const JWT_ERRORS = new Set(['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError']);

export class RefusingBotFrameworkAuthentication extends BotFrameworkAuthentication {
  constructor(
    private readonly inner: BotFrameworkAuthentication,
    private readonly log: Logger,
    private readonly channelIssuer: string,
  ) {
    super();
  }

  async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    try {
      this.refuseOtherIssuers(authHeader);
      return await this.inner.authenticateRequest(activity, authHeader);
    } catch (e) {
      throw this.refusal(e, activity);
    }
  }

  async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    try {
      return await this.inner.authenticateStreamingRequest(authHeader, channelIdHeader);
    } catch (e) {
      throw this.refusal(e);
    }
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }

  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.inner.createConnectorFactory(claimsIdentity);
  }

  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.inner.createUserTokenClient(claimsIdentity);
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  /** A bearer token whose (unverified) issuer is not the channel's never reaches botbuilder's other validators. */
  private refuseOtherIssuers(authHeader: string): void {
    const token = /^Bearer\s+(\S+)$/i.exec(authHeader?.trim() ?? '')?.[1];
    if (!token) return; // no token: botbuilder refuses it (or accepts it with auth off) as before
    const issuer = issuerOf(token);
    if (issuer !== this.channelIssuer) {
      throw new AuthenticationError(
        `Unauthorized. The token's issuer is not the channel's (${issuer ? 'another issuer' : 'none'}).`,
        401,
      );
    }
  }

  private refusal(e: unknown, activity?: Partial<Activity>): unknown {
    const err = e as { name?: string; message?: string; statusCode?: number };
    const isJwtError = JWT_ERRORS.has(err.name ?? '');
    if (!(e instanceof AuthenticationError) && !isJwtError) return e; // e.g. the metadata could not be fetched: not the caller's fault
    const reason = String(err.message ?? 'unauthorized').slice(0, 200);
    this.log.warn('inbound request refused: its Bot Framework token is not valid', {
      reason,
      channelId: activity?.channelId,
      activityType: activity?.type,
    });
    return isJwtError ? new AuthenticationError(`Unauthorized. ${reason}`, 401) : e;
  }
}

/** The `iss` claim of a JWT, read without verifying it (verification follows in botbuilder). */
function issuerOf(token: string): string | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      iss?: unknown;
    };
    return typeof payload.iss === 'string' ? payload.iss : undefined;
  } catch {
    return undefined;
  }
}
