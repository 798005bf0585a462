/**
 * The sweeper settles what a vanished instance left behind: a `running` record whose owner died between the
 * claim and Graph's answer (crash, kill -9, a lost instance). Without it the record and its card would say
 * "in progress" until somebody typed `status`.
 *
 * - Only records older than `thresholdMs` (see call-budget.ts: the worst case of a live call under the
 *   configured bounds, plus a margin): a slow but live call is never settled by a guess.
 * - The partner's state is read with the bot's own application permission (no user is present) and the record
 *   is settled by the same code as a `status` check (audit.ts reconcileRunning: the kind's evidence against the
 *   partner as read before the call, catalogue.ts: took effect -> succeeded, not applied -> failed with
 *   reconciled.notApplied, cannot tell -> failed with reconciled.cannotTell, "outcome not known"), through the
 *   same conditional transition as a click, so a late owner or
 *   a concurrent status check cannot be overwritten. The card is then replaced for everyone.
 * - A `pending` record past its expiry (a request for approval nobody decided, a confirmation nobody clicked) becomes
 *   `expired` through the same conditional transition (no click can confirm it any more: a confirm needs
 *   `expires_at > now`), and every card of it (its own and the copies in the approvers' channel) is replaced; a
 *   fleet whose child expired is closed too (`fleetExpired`), with its card.
 * - One sweeper at a time across instances (Leadership: a PostgreSQL advisory lock; SQLite is one process).
 * - Every interval; stops (and gives up the lead) on close.
 */
import { reconcileRunning } from './audit';
import type { CardUpdates } from './card-ref';
import { refreshCard } from './card-refresh';
import { describeError } from './errors';
import { noInstrumentation, type Instrumentation } from './instrumentation';
import type { Logger } from './logger';
import { isActionRecord, type ActionRecord, type Partner } from './model';
import type { Clock, OperationStore } from './ports';
import type { AbandonedQuery, Leadership, PartnerReader } from './sweeper-ports';

export interface SweeperOptions {
  store: OperationStore & AbandonedQuery;
  partners: PartnerReader;
  updates: CardUpdates;
  leadership: Leadership;
  clock: Clock;
  log: Logger;
  /** A `running` record not updated for this long is taken for abandoned. */
  thresholdMs: number;
  intervalMs: number;
  /**
   * Told of each fleet (issue 19) one of whose children this sweep expired, once per fleet: the fleet is closed and
   * its card redrawn there (core/fleet.ts expireFleet). Never throws.
   */
  fleetExpired?: (fleetId: string) => Promise<void>;
  /** Records looked at per sweep (oldest first). Default 50. */
  batch?: number;
  /** Each sweep a trace of its own (default: none). */
  instrumentation?: Instrumentation;
}

export interface SweepReport {
  /** Whether this instance held the lead (only the leader sweeps). */
  leader: boolean;
  /** Abandoned records found. */
  found: number;
  settled: number;
  /** Records left running because their partner could not be read (they are tried again next time). */
  unread: number;
  cardsUpdated: number;
  /** Pending records past their expiry that this sweep expired. */
  expired: number;
}

export class Sweeper {
  private timer?: ReturnType<typeof setTimeout>;
  private current?: Promise<unknown>;
  private stopped = false;
  private leading = false;
  /** Sweeps run by this instance as the leader (for tests and the log). */
  sweeps = 0;

  constructor(private readonly o: SweeperOptions) {}

  /** Sweeps now, then every interval, until stop(). */
  start(): void {
    const tick = async () => {
      this.current = (this.o.instrumentation ?? noInstrumentation)
        .root('sweeper.sweep', () => this.sweepOnce())
        .catch((e) => this.o.log.warn('sweeper: the sweep failed', { error: describeError(e) }));
      await this.current;
      if (this.stopped) return;
      this.timer = setTimeout(tick, this.o.intervalMs);
      this.timer.unref?.();
    };
    this.timer = setTimeout(tick, 0);
    this.timer.unref?.();
  }

  /** Stops the timer, waits for a sweep under way, and gives up the lead. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.current;
    if (this.leading) {
      this.leading = false;
      await this.o.leadership
        .release()
        .catch((e: unknown) => this.o.log.warn('sweeper: could not give up the lead', { error: describeError(e) }));
    }
  }

  async sweepOnce(): Promise<SweepReport> {
    const { o } = this;
    const report: SweepReport = { leader: false, found: 0, settled: 0, unread: 0, cardsUpdated: 0, expired: 0 };
    let leader: boolean;
    try {
      leader = await o.leadership.acquire();
    } catch (e) {
      o.log.warn('sweeper: could not ask for the lead', { error: describeError(e) });
      leader = false;
    }
    if (leader !== this.leading) {
      this.leading = leader;
      o.log.info(leader ? 'sweeper: this instance sweeps' : 'sweeper: this instance no longer sweeps', {
        intervalMs: o.intervalMs,
        thresholdMs: o.thresholdMs,
      });
    }
    if (!leader || this.stopped) return report;
    report.leader = true;
    this.sweeps++;
    const before = new Date(o.clock.now().getTime() - o.thresholdMs).toISOString();
    const abandoned = (await o.store.staleRunning(before, o.batch ?? 50)).filter(isActionRecord);
    report.found = abandoned.length;
    // One read per partner: reconcileRunning settles every abandoned record of that partner at once.
    // A record in a customer (issue 19) is read and settled in that customer's tenant, never the home one.
    const where = (op: ActionRecord) => op.customer?.tenantId ?? op.tenantId;
    const byPartner = new Map<string, ActionRecord>();
    for (const op of abandoned)
      byPartner.set(`${where(op)}\n${op.partnerId}`, byPartner.get(`${where(op)}\n${op.partnerId}`) ?? op);
    const deps = {
      store: o.store,
      clock: o.clock,
      log: o.log,
      reconcileAfterSeconds: o.thresholdMs / 1000,
      historyLimit: 1,
    };
    for (const op of byPartner.values()) {
      if (this.stopped) break;
      let partner: Partner;
      try {
        partner = await o.partners.get(where(op), op.partnerId);
      } catch (e) {
        report.unread += abandoned.filter((x) => where(x) === where(op) && x.partnerId === op.partnerId).length;
        o.log.warn('sweeper: could not read the partner; its abandoned records stay running until it can be read', {
          operationId: op.id,
          tenantId: op.tenantId,
          partnerId: op.partnerId,
          error: describeError(e),
        });
        continue;
      }
      await reconcileRunning(
        deps,
        op.tenantId,
        partner,
        async (settled) => {
          report.settled++;
          const updated = await refreshCard(o.updates, o.log, settled);
          if (updated) report.cardsUpdated++;
          o.log.info('sweeper: settled an abandoned operation', {
            operationId: settled.id,
            state: settled.state,
            errorKind: settled.errorKind,
            cardUpdated: updated,
          });
        },
        'sweeper',
        op.customer?.tenantId,
      );
    }
    await this.expireOverdue(report);
    if (report.found > 0 || report.expired > 0) o.log.info('sweeper: swept', { ...report });
    else o.log.debug('sweeper: nothing abandoned', { before });
    return report;
  }

  /** Pending records past their expiry become `expired`, and their cards say so (see the module comment). */
  private async expireOverdue(report: SweepReport): Promise<void> {
    const { o } = this;
    const now = o.clock.now().toISOString();
    const overdue = (await o.store.overduePending(now, o.batch ?? 50)).filter(isActionRecord);
    const fleets = new Set<string>();
    for (const op of overdue) {
      if (this.stopped) break;
      const moved = await o.store.transition(op.id, ['pending'], 'expired', { updatedAt: now, completedAt: now });
      if (!moved || !isActionRecord(moved)) continue; // decided meanwhile (a click, another path): not ours to tell
      report.expired++;
      if (moved.fleetId) fleets.add(moved.fleetId);
      const updated = await refreshCard(o.updates, o.log, moved);
      if (updated) report.cardsUpdated++;
      o.log.info('sweeper: expired an operation nobody confirmed in time', {
        operationId: op.id,
        approval: Boolean(op.approval),
        cardUpdated: updated,
      });
    }
    for (const fleetId of fleets) await o.fleetExpired?.(fleetId);
  }
}
