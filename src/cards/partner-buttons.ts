/** The buttons that act on one partner, shared by the list and the status card. */
import type { Partner } from '../core/model';
import { commandAction } from './actions';
import type { RenderContext } from './context';
import type { ExecuteAction } from './types';

/** Disconnect while the partner is (being) onboarded; Reconnect once it is not. */
export function changeButton(partner: Partner, { t }: RenderContext): ExecuteAction {
  return partner.onboardingStatus === 'notOnboarded'
    ? commandAction(t.plain('button.reconnect'), { command: 'reconnect', partner: partner.id }, 'positive')
    : commandAction(t.plain('button.disconnect'), { command: 'disconnect', partner: partner.id }, 'destructive');
}

export function statusButton(partner: Partner, { t }: RenderContext): ExecuteAction {
  return commandAction(t.plain('button.status'), { command: 'status', partner: partner.id });
}
