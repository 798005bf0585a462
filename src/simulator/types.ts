/**
 * The simulator's public types: what a test, local mode or a benchmark configures and controls.
 */
import type { Partner } from '../core/model';
import type { CustomerChange, CustomerSnapshot } from './customer-world';
import type { SimCustomer, SimRelationship } from './customers';
import type { PartnerChange } from './partner-changes';
import type { SimTelemetry } from './telemetry-sink';

/** A user of the simulated tenant, as Teams, Entra and the Bot Framework token service know them. */
export interface SimUser {
  /** Teams channel account id (activity.from.id), e.g. '29:1abc...' (the Agents Playground uses 'user-id-0'). */
  channelUserId: string;
  /** Entra object id (the `oid` claim). */
  aadObjectId: string;
  tenantId: string;
  name: string;
  userPrincipalName: string;
  /** The token service already holds a token for the user: GetToken answers at once. Default false. */
  signedIn?: boolean;
  /** Group ids the user is a (transitive) member of, for POST /me/checkMemberGroups. */
  groups?: string[];
  /**
   * Holds an Intune role (default true). false: no role at all, so Intune refuses every call (401 with ErrorCode
   * Forbidden), getEffectivePermissions included.
   */
  intuneAdmin?: boolean;
  /**
   * The allowed resource actions of the user's Intune role, as GET /deviceManagement/getEffectivePermissions(scope)
   * answers them and as the partner endpoints enforce them (viewing needs Microsoft.Intune_RemoteAssistance_Read, a
   * disconnect or reconnect Microsoft.Intune_RemoteAssistance_Update). `*` is a wildcard. Default ['*'] (an Intune
   * Administrator); e.g. ['Microsoft.Intune_RemoteAssistance_Read'] for a help-desk role that may only look.
   */
  intuneResourceActions?: string[];
  /** Taken out of `intuneResourceActions` (e.g. ['*'] minus ['Microsoft.Intune_RemoteAssistance_Update']). Default none. */
  intuneNotAllowedResourceActions?: string[];
  /**
   * What getEffectivePermissions answers for the user when it is not their role (the partner endpoints still go by
   * the role above): an allowed-actions list (`[]`: an empty collection) or 'refused' (Intune's 401 Forbidden).
   * Microsoft does not document the answer for holders of the Entra roles Intune Administrator or Global
   * Administrator without an Intune role assignment, who may use Intune all the same; this plays those cases.
   */
  intuneEffectivePermissions?: string[] | 'refused';
}

export interface SimulatorOptions {
  /** Interface to bind. Default 127.0.0.1. */
  host?: string;
  /** HTTPS port (Entra, Graph, token service, control). Default 0 = a free port. */
  port?: number;
  /** Plain-HTTP port for the Bot Framework token service (and control). Default 0 = a free port. */
  tokenServicePort?: number;
  /** The bot's Entra app id (client id of the OBO requests). */
  botId?: string;
  /** The client secret the token endpoint accepts. Default 'local-secret'. */
  clientSecret?: string;
  /** A public certificate (PEM) whose key may sign client assertions (certificate credential). */
  certificatePem?: string;
  /** The home tenant of the simulated organisation. Default the Agents Playground's tenant id. */
  tenantId?: string;
  users?: SimUser[];
  partners?: Partner[];
  /**
   * The customer tenants the home (partner) tenant serves through GDAP. Default: Contoso (reachable), Fabrikam (app
   * not consented), Northwind (relationship expired) from seed-customers.ts; `fleetWorld(n)` makes n reachable ones.
   */
  customers?: SimCustomer[];
  /** The partner tenant's GDAP relationships. Default: one per default customer (seed-customers.ts). */
  relationships?: SimRelationship[];
  /** Delay added to every Graph request, in milliseconds. */
  graphLatencyMs?: number;
  /** Partners per page of the list (then `@odata.nextLink`); a request's $top overrides it. Default 100. */
  graphPageSize?: number;
  /** Lifetime of issued Graph access tokens. Default 3600 s (expires_in 3599). */
  accessTokenLifetimeSeconds?: number;
  /** Graph scopes (short names) the tenant has consented for the bot. */
  consentedScopes?: string[];
  /** Graph application permissions admin-consented for the bot (app-only tokens' `roles`). Default DeviceManagementServiceConfig.Read.All. */
  applicationPermissions?: string[];
  /** How many entries `calls` keeps (oldest dropped first). Default 2000. */
  callLogLimit?: number;
  /** The simulated Bot Framework channel issuer (the Bot Connector's activity tokens). */
  botFramework?: BotFrameworkIssuerOptions;
  /** The OAuth connection setting the Bot Framework token service knows (the Azure Bot's). Default 'graph'. */
  oauthConnectionName?: string;
  /**
   * Whether token-service calls must carry the bot's Bot Framework token (`Authorization: Bearer`, from Entra
   * for https://api.botframework.com, appid = botId). 'whenPresent' (default) lets a call without the header
   * through, as botbuilder sends none with inbound auth off; a present but invalid token is always refused (401).
   */
  tokenServiceAuth?: 'required' | 'whenPresent';
}

export interface BotFrameworkIssuerOptions {
  /** Path of the OpenID metadata document; the JWKS is served next to it (`.../keys`). Default /botframework/v1/.well-known/openidconfiguration. */
  openIdMetadataPath?: string;
  /** The `iss` of activity tokens and the metadata's issuer. Default https://api.botframework.com. */
  issuer?: string;
  /** Channel ids the signing key is endorsed for (the JWKS key's `endorsements`). Default ['msteams']. */
  endorsements?: string[];
}

/** What an activity token says; every field can be made wrong for tests of forged tokens. */
export interface ActivityTokenOptions {
  /** The `serviceurl` claim: the activity's serviceUrl. Omitted from the token when undefined. */
  serviceUrl: string | undefined;
  /** Default the bot's app id. */
  audience?: string;
  /** Default the issuer's own. */
  issuer?: string;
  /** Default 3600. Zero or negative issues an already expired token. */
  expiresInSeconds?: number;
  /** `nbf` relative to now (e.g. 3600 = valid only in an hour). Default 5 minutes ago. */
  notBeforeSeconds?: number;
}

/** The simulated Bot Framework channel issuer, as a test or local mode sees it. */
export interface SimulatedBotFramework {
  /** http://host:port/... - give it to the bot as BOT_OPENID_METADATA_URL (plain HTTP: see bot-framework.ts). */
  readonly openIdMetadataUrl: string;
  /** The issuer the bot must expect (BOT_TOKEN_ISSUER). */
  readonly issuer: string;
  /** The signing key's id (kid): a forger may reuse it. */
  readonly keyId: string;
  /** A signed activity token, as the Bot Connector puts it in `Authorization: Bearer ...`. */
  issueActivityToken(options: ActivityTokenOptions): string;
}

export type SimService = 'entra' | 'graph' | 'tokenService' | 'botFramework' | 'control';

/** One request the simulator answered (or dropped: status 0). Never holds a token. */
export interface CallRecord {
  at: string;
  service: SimService;
  method: string;
  /** Path without the query string. */
  path: string;
  status: number;
  /** The user the request was about (token `oid`, or the OBO assertion's `oid`), when known. */
  oid?: string;
  /** Graph: the customer tenant the request acted in (the token's `tid`); absent for the home tenant. */
  tenantId?: string;
  clientRequestId?: string;
  /** The request-id the simulator answered with (Graph). */
  requestId?: string;
}

/** What the next Graph request(s) get instead of their normal answer. */
export interface GraphFault {
  status: number;
  /** Sent as the Retry-After header (seconds; fractions are sent as given, e.g. 2.128). */
  retryAfterSeconds?: number;
  /** Sent verbatim as the Retry-After header (e.g. an HTTP-date); wins over retryAfterSeconds. */
  retryAfter?: string;
  /** Graph error code; default derived from the status (TooManyRequests, ServiceUnavailable, ...). */
  code?: string;
  message?: string;
  /** Only requests with this method are affected (e.g. 'POST'). */
  method?: string;
  /** Only requests whose path contains this text are affected (e.g. '/disconnect'). */
  pathIncludes?: string;
}

/** Per-user misbehaviour of the Entra token endpoint. */
export interface UserFaultFlags {
  /** OBO answers invalid_grant AADSTS65001 with suberror consent_required. */
  consentRequired?: boolean;
  /** OBO answers interaction_required AADSTS50076 with a claims challenge. */
  interactionRequired?: boolean;
  /** The token endpoint drops the connection without answering (as if unreachable). */
  tokenEndpointDown?: boolean;
}

/**
 * How a held disconnect ends: 'complete' performs it and answers 204; 'drop' closes the connection unanswered
 * and changes nothing (Graph never acted); 'completeThenDrop' performs it, then closes the connection without
 * the 204 (Graph acted, its answer was lost on the way: what a gateway timeout or a reset looks like).
 */
export type HeldOutcome = 'complete' | 'drop' | 'completeThenDrop';

/** A Graph disconnect held on arrival until released. */
export interface HeldRequest {
  /** Resolves when the held request has arrived. */
  readonly reached: Promise<void>;
  readonly isReached: boolean;
  /** Default 'complete' (see HeldOutcome). */
  release(outcome?: HeldOutcome): void;
}

export interface SimulatorFaults {
  /** The next `count` Graph requests (matching the filter) answer with `fault`. Queued after earlier faults. */
  graphNext(count: number, fault: GraphFault): void;
  /** Delay added to every Graph request from now on. */
  latency(ms: number): void;
  /** Holds the next POST .../disconnect until released. */
  holdNextDisconnect(): HeldRequest;
  /** Holds the next POST .../beginOnboarding until released (the same outcomes as a held disconnect). */
  holdNextBeginOnboarding(): HeldRequest;
  /** From now on the list's @odata.nextLink points at this origin (undefined: the simulator's own). */
  nextLinkOrigin(origin: string | undefined): void;
  /** Sets (merges) flags for the user with this object id. */
  user(aadObjectId: string, flags: UserFaultFlags): void;
  /** Removes every fault (held requests are released as 'drop'; customer tenants are no longer throttled). */
  clear(): void;
}

export interface SimulatorCounters {
  /** OBO requests the token endpoint received, per user oid (of the assertion). */
  oboByUser: Record<string, number>;
  oboTotal: number;
  /** OpenID discovery documents served. */
  discovery: number;
  /** Graph requests received. */
  graph: number;
}

export interface UserAssertionOptions {
  /** Default 3600. Negative values issue an already expired token. */
  expiresInSeconds?: number;
  /** Override the audience (for tests of a wrong audience). */
  audience?: string;
}

export interface Simulator {
  /** What the simulated Application Insights ingestion endpoint and OTLP receiver received (telemetry-sink.ts). */
  readonly telemetry: SimTelemetry;
  /** https://host:port - give it to OnBehalfOfCredential as authorityHost. */
  readonly authorityHost: string;
  /** https://host:port - Graph calls are `${graphBaseUrl}/beta/...`. */
  readonly graphBaseUrl: string;
  /** http://host:port - the Bot Framework token service (the adapter's OAuthUrl). Plain HTTP. */
  readonly tokenServiceUrl: string;
  /** PEM of the self-signed certificate the HTTPS clients must trust. */
  readonly ca: string;
  readonly botId: string;
  readonly clientSecret: string;
  readonly tenantId: string;
  /** The OAuth connection name the token service knows. */
  readonly oauthConnectionName: string;
  /** The users, as seeded (with their current signed-in state). */
  readonly users: readonly SimUser[];
  /** A copy of the partners' current state. */
  partners(): Partner[];
  /** Requests answered so far (oldest first). */
  readonly calls: readonly CallRecord[];
  readonly counters: SimulatorCounters;
  readonly faults: SimulatorFaults;
  /** A JWT like the one the token service / Teams SSO hands the bot (aud api://botid-{botId}). */
  issueUserAssertion(user: SimUser | string, options?: UserAssertionOptions): string;
  /** A client assertion as a managed identity would present it (aud api://AzureADTokenExchange). */
  issueClientAssertion(options?: { expiresInSeconds?: number }): string;
  /**
   * Checks an app-only token the simulated Entra issued by client credentials (signature, expiry, audience =
   * `resource`, e.g. https://api.botframework.com): what the Bot Connector and the token service check of the bot.
   */
  verifyAppToken(
    token: string,
    resource: string,
  ): { ok: true; appId: string; tenantId: string } | { ok: false; reason: string };
  /** The Bot Framework channel issuer: its OpenID metadata and the activity tokens it signs. */
  readonly botFramework: SimulatedBotFramework;
  /** The 6-digit code a channel user would read after signing in through the sign-in link. */
  issueSignInCode(channelUserId: string): string;
  isSignedIn(channelUserId: string): boolean;
  /** The partner's own admin finished onboarding (TeamViewer's side): onboarded, connected now. */
  completeOnboarding(partnerId: string): void;
  /**
   * A change made outside the bot (the Intune admin center, PowerShell, the partner): see partner-changes.ts.
   * Returns the partner as it is now (undefined when removed). Throws for an unknown partner or a bad value.
   */
  changePartner(change: PartnerChange): Partner | undefined;
  /** The customer tenants as they are now: consent, relationship, throttle, partners. */
  customers(): CustomerSnapshot[];
  /** Breaks (or mends) a customer: revoke or grant consent, expire or renew the relationship, throttle its Graph. */
  changeCustomer(change: CustomerChange): CustomerSnapshot;
  /** From now on, app-only Graph tokens carry these application permissions (an admin consented, or revoked). */
  setApplicationPermissions(permissions: readonly string[]): void;
  /** Back to the seed state: partners, sign-ins, faults, counters and the call log. */
  reset(): void;
  close(): Promise<void>;
}
