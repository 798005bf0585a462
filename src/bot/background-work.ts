/**
 * Work a turn started and left running after its answer (a click's Graph call beyond the answer window). Kept
 * here so that a clean shutdown waits for it instead of cutting it off, and so that a failure is logged.
 */
import { describeError } from '../core/errors';
import type { Logger } from '../core/logger';
import { inLinkedRoot } from './telemetry';

export class BackgroundWork {
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly log: Logger) {}

  get size(): number {
    return this.pending.size;
  }

  /** `trace`: the work is the root of a trace of its own, linked to the turn's span (telemetry.ts). */
  run(what: string, work: () => Promise<void>, trace?: 'click.background'): void {
    const p: Promise<void> = (trace ? inLinkedRoot(trace, work) : work())
      .catch((e: unknown) => this.log.error('background work failed', { what, error: describeError(e) }))
      .finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  /** Resolves when everything started so far has ended. */
  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}
