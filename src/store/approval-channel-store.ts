/**
 * ApprovalChannelStore on Kysely: each tenant's approvers' channel (`approvals here`). STUB: in memory until the
 * table lands (migration 0007).
 */
import type { ApprovalChannel } from '../core/approval-model';
import type { ApprovalChannelStore } from '../core/ports';

export class KyselyApprovalChannelStore implements ApprovalChannelStore {
  private readonly byTenant = new Map<string, ApprovalChannel>();

  async setApprovalChannel(channel: ApprovalChannel): Promise<void> {
    this.byTenant.set(channel.tenantId.toLowerCase(), structuredClone(channel));
  }

  async approvalChannel(tenantId: string): Promise<ApprovalChannel | undefined> {
    const found = this.byTenant.get(tenantId.toLowerCase());
    return found && structuredClone(found);
  }
}
