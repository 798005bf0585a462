/**
 * Two-person approval, in plain TypeScript: the policy (who approves, for how long a request stands) and where
 * the approvers are told. The request itself is an operation record with `approval` set (model.ts).
 */
import type { PersonRef } from './model';
import type { ApprovalChannelStore } from './ports';
import type { ConversationAddress } from './watch-model';

/**
 * The tenant's approvers' channel (two-person approval): where every request for approval is posted too, besides
 * the conversation it was asked in. Set by an admin with `approvals here` in a channel.
 */
export interface ApprovalChannel {
  tenantId: string;
  address: ConversationAddress;
  setBy: PersonRef;
  /** The language and time zone the requests are written in there (the admin's who set it). */
  locale: string;
  timeZone?: string;
  /** ISO 8601 UTC. */
  setAt: string;
}

/** APPROVAL_REQUIRED and its companions, as the service sees them. */
export interface ApprovalSettings {
  /** Off by default: `disconnect` / `reconnect` then ask for a confirmation by anybody allowed, as before. */
  required: boolean;
  /** How long a request can be approved (APPROVAL_TTL_MINUTES, default 60). */
  ttlMinutes: number;
  /** How many approvers are named besides the admins (APPROVER_USER_IDS / APPROVER_GROUP_IDS), for `approvals`. */
  approverUsers: number;
  approverGroups: number;
  channels: ApprovalChannelStore;
}
