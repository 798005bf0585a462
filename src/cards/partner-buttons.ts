/** The buttons that act on one partner, shared by the list and the status card. */
import { commandFor } from '../core/catalogue';
import { kindSpec, partnerButtonKinds } from '../core/kinds';
import type { Partner } from '../core/model';
import { commandAction } from './actions';
import type { RenderContext } from './context';
import { kindStyle, kindTexts } from './kind-texts';
import type { ExecuteAction } from './types';

/**
 * The button of the first operation kind, in the rows' order (`partnerButton`), that would change something for
 * this partner: Disconnect while it is (being) onboarded; Reconnect once it is not.
 */
export function changeButton(partner: Partner, { t }: RenderContext): ExecuteAction | undefined {
  const kind = partnerButtonKinds().find((k) => !kindSpec(k).alreadyThere(partner.onboardingStatus));
  if (!kind) return undefined;
  return commandAction(
    kindTexts(t, kind).button(),
    { command: commandFor(kind), partner: partner.id },
    kindStyle(kind),
  );
}

export function statusButton(partner: Partner, { t }: RenderContext): ExecuteAction {
  return commandAction(t.plain('button.status'), { command: 'status', partner: partner.id });
}
