/** `status [partner]`: one partner in detail (the core's partner status card); without a partner, the list. */
import { reconcileRunning } from '../../core/audit';
import { refreshCard } from '../../core/card-refresh';
import type { CommandDeps, RequestContext } from '../../core/context';
import type { ActionRecord, UserSession } from '../../core/model';
import { resolvePartner } from '../../core/partner-resolver';
import type { Reply } from '../../core/replies';
import { REMOTE_ASSISTANCE_UPDATE } from '../../core/resource-actions';
import { listPartners } from '../list';
import { defineCommand, type Command, type NoCards } from '../types';
import { TEXTS } from './texts';

async function partnerStatus(d: CommandDeps, session: UserSession, ctx: RequestContext, query: string): Promise<Reply> {
  const partners = await d.gateway.list(session);
  const found = resolvePartner(partners, query);
  if (found.kind !== 'one')
    return {
      type: 'choosePartner',
      command: 'status',
      query,
      candidates: found.candidates,
      noMatch: found.kind === 'none',
    };
  const cards = d.cards;
  // A record this check settles gets its card replaced too, or the card would say "in progress" forever.
  const onSettled = cards && (async (op: ActionRecord) => void (await refreshCard(cards, d.log, op)));
  const running = await reconcileRunning(
    d,
    ctx.actor.tenantId,
    found.partner,
    onSettled,
    'read',
    ctx.customer?.tenantId,
  );
  const cannotChange = await d.intune.missing(session, REMOTE_ASSISTANCE_UPDATE);
  return { type: 'partnerStatus', partner: found.partner, running, ...(cannotChange ? { cannotChange } : {}) };
}

export const status: Command<'status', typeof TEXTS, NoCards> = defineCommand({
  spec: {
    name: 'status',
    words: { 'en-US': ['status', 'show', 'get'], 'zh-CN': ['状态'] },
    argument: 'optional',
    access: 'reader',
    graph: true,
    menu: {
      'en-US': "status [partner]: show a partner's connection state",
      'zh-CN': '状态 [合作伙伴]：查看合作伙伴的连接状态',
    },
  },
  texts: TEXTS,
  help: { usage: 'usage', description: 'description' },
  handle: ({ argument, ctx, session }, d) =>
    argument ? partnerStatus(d, session, ctx, argument) : listPartners(d, session),
  cards: {},
});
