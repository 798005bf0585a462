/**
 * What every use case receives: the request's facts (from bot/) and the service's dependencies (from wiring).
 */
import type { ApprovalSettings } from './approval-model';
import type { TokenOwnerReader } from './session-owner';
import type { Authorizer } from './authorization';
import type { CardUpdates } from './card-ref';
import type { Customer, CustomerDirectory } from './customers';
import type { IntunePermissions } from './intune-permissions';
import type { Logger } from './logger';
import type { PartnerRelationships } from './partner-relationships';
import type { Actor, ConversationFacts, UserSession } from './model';
import type { Operations } from './operations';
import type {
  Clock,
  ConversationCustomerStore,
  FleetStore,
  OperationStore,
  RemoteAssistanceGateway,
  WatchStore,
} from './ports';
import type { Reply } from './replies';
import type { ConversationAddress } from './watch-model';

export interface RequestContext {
  actor: Actor;
  conversation: ConversationFacts;
  /** Present once the user is signed in; needed for anything that reaches Graph. */
  session?: UserSession;
  /**
   * The user's session from a token they already hold, asked of the host without starting a sign-in (whoami);
   * undefined when they hold none. Rejects when the host cannot tell.
   */
  heldSession?: () => Promise<UserSession | undefined>;
  /** How the bot can post into this conversation later, unasked (`watch` keeps it). */
  address?: ConversationAddress;
  /** The customer the request acts in (`@contoso`, or the conversation's default); absent: the home tenant. */
  customer?: Customer;
}

/** What this deployment is (wiring.ts): the build, and the store's engine (its name only: no connection string). */
export interface DeploymentFacts {
  version: string;
  commit: string;
  storeEngine: 'sqlite' | 'postgres' | 'memory';
}

/** The watch: where subscriptions live, how often the partners are read, when an expiry is worth a notice. */
export interface WatchSettings {
  store: WatchStore;
  intervalSeconds: number;
  /** An onboarding request that runs out within this many hours is announced. */
  expiryWarningHours: number;
}

export interface ServiceOptions {
  gateway: RemoteAssistanceGateway;
  authorizer: Authorizer;
  /** What Intune says the user's role allows (INTUNE_CHECK_MODE: advice, or buttons left out when enforced). */
  intune: IntunePermissions;
  store: OperationStore;
  clock: Clock;
  newId: () => string;
  log: Logger;
  /** Whose token a session's assertion is: a session whose token is not its actor's is never used (session-owner.ts). */
  tokenOwner: TokenOwnerReader;
  /** How long a confirmation card stays valid. */
  operationTtlMinutes: number;
  /** A `running` record older than this is settled by the next status check (after a crash). */
  reconcileAfterSeconds: number;
  historyLimit: number;
  /** Pauses between tries of a store write that records what Graph did (default core/outcomes.ts). */
  storeRetryDelaysMs?: readonly number[];
  /** The admin-consent URL for the user's tenant, shown when consent is missing. */
  consentUrl?: (tenantId: string) => string;
  /** Where operations' cards are and how to replace them (absent: cards are only replaced by a click's answer). */
  cards?: CardUpdates;
  watch: WatchSettings;
  /** Two-person approval (APPROVAL_REQUIRED): off unless configured. */
  approval: ApprovalSettings;
  /** An MSP's customer tenants (core/customers.ts); absent or empty: the bot serves its own tenant only. */
  customers?: CustomerDirectory;
  /** The partner's GDAP relationships (graph/gdap.ts), read by `customers`; absent: shown as not readable. */
  relationships?: PartnerRelationships;
  /** The fleets (`disconnect X @all`, core/fleet.ts); absent: fleet cards' clicks answer "unknown request". */
  fleets?: FleetStore;
  /** The conversations' default customers (`customer contoso`); absent: no defaults (an explicit @name only). */
  conversationCustomers?: ConversationCustomerStore;
  /** What this deployment is (absent: not told, e.g. in unit tests). */
  deployment?: DeploymentFacts;
}

/** What a command's handler gets: its argument (a partner, or `here`), the request, the user's session. */
export interface CommandInput {
  argument: string | undefined;
  ctx: RequestContext;
  /** Set for every command whose row says `graph` (the access check guarantees it). */
  session: UserSession;
}

/** The service's dependencies, and its operations (for the commands that ask for one). */
export interface CommandDeps extends ServiceOptions {
  operations: Operations;
}

/**
 * A command's work once access was granted (src/commands/<name>/: the registry is handed to the service). Uses
 * the core's ports only, like every use case.
 */
export type CommandHandler = (input: CommandInput, d: CommandDeps) => Promise<Reply>;
