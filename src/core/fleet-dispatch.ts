/**
 * The port through which a command with a fleet target (`@all`, `@eu`) reaches the fleet kill switch (issue 19;
 * the fleet's own code lives in core/fleet.ts, wired as ServiceOptions.fleet). Absent: a fleet target is answered
 * with the card saying the command takes one customer.
 */
import type { CommandName } from './catalogue';
import type { CommandDeps, RequestContext } from './context';
import type { Target } from './customers';
import type { UserSession } from './model';
import type { Reply } from './replies';

export type FleetTarget = Extract<Target, { kind: 'fleet' }>;

export type FleetCommand = (
  d: CommandDeps,
  name: CommandName,
  argument: string | undefined,
  target: FleetTarget,
  ctx: RequestContext,
  session: UserSession,
) => Promise<Reply>;
