/**
 * The catalogue: what each command is lives in its folder, src/commands/<name>/, listed by the registry
 * src/commands/index.ts; what each operation kind does is its row in core/kinds/ (see CONTRIBUTING.md).
 * This file names both for the core.
 */
import type { CommandName } from '../commands';
import type { MutatingKind } from './model';

/** Who may run a command. `reader` includes admins. */
export type Access = 'everyone' | 'reader' | 'admin';

/**
 * The command names, from the registry of commands (src/commands/index.ts, where each command's row is). A type
 * only: core never loads src/commands/ (the registry is handed to the service), so no module cycle.
 */
export type { CommandName } from '../commands';

/** The operation kinds live in core/kinds (a row a kind); re-exported here for the readers of the catalogue. */
export { EVIDENCE, OPERATION_KINDS, type Evidence, type OperationKindSpec, type PartnerAfter } from './kinds';

/** The command that asks for an operation of this kind (for a card's "try again"). */
export function commandFor(kind: MutatingKind): CommandName {
  // The registry names each kind's command after the kind (src/commands/index.ts refuses another at compile time).
  return kind;
}
