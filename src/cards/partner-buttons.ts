/** The buttons that act on one partner, shared by the list and the status card. */
import { commandFor, OPERATION_KINDS } from '../core/catalogue';
import type { MutatingKind, Partner } from '../core/model';
import { commandAction } from './actions';
import type { RenderContext } from './context';
import { kindStyle, kindTexts } from './kind-texts';
import type { ExecuteAction } from './types';

/** The first operation kind that would change something for this partner (Disconnect while it is (being) onboarded; Reconnect once it is not). */
export function changeButton(partner: Partner, { t }: RenderContext): ExecuteAction | undefined {
  const kind = (Object.keys(OPERATION_KINDS) as MutatingKind[]).find((k) => !OPERATION_KINDS[k].alreadyThere(partner.onboardingStatus));
  if (!kind) return undefined;
  return commandAction(kindTexts(t, kind).button(), { command: commandFor(kind), partner: partner.id }, kindStyle(kind));
}

export function statusButton(partner: Partner, { t }: RenderContext): ExecuteAction {
  return commandAction(t.plain('button.status'), { command: 'status', partner: partner.id });
}
