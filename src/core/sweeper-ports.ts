/**
 * What the sweeper needs besides the operation store: the partner's state without a user (the bot's own
 * application permission), the abandoned `running` records of every tenant, and a say in which instance
 * sweeps.
 */
import type { OperationRecord, Partner } from './model';

/** graph/: a partner as Graph has it now, read with the bot's own (application) token for the tenant. */
export interface PartnerReader {
  /** Rejects with AppError kinds graph.* or auth.* (e.g. no admin consent for the application permission). */
  get(tenantId: string, partnerId: string): Promise<Partner>;
}

/** store/: `running` records of any tenant not updated since `updatedBefore`, oldest first. */
export interface AbandonedQuery {
  staleRunning(updatedBefore: string, limit: number): Promise<OperationRecord[]>;
  /** `pending` records of any tenant whose expiry is not after `at` (no click can confirm them), longest overdue first. */
  overduePending(at: string, limit: number): Promise<OperationRecord[]>;
}

/**
 * store/: at most one holder at a time across every instance sharing the database (PostgreSQL: a session
 * advisory lock; SQLite: the single process). Holding it is kept until `release` or the holder's death.
 */
export interface Leadership {
  /** True while this instance holds it (takes it when free). */
  acquire(): Promise<boolean>;
  release(): Promise<void>;
}
