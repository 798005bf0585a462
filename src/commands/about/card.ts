/**
 * `about`: the bot's version and commit, the policy in force (two-person approval, its approvers and their channel,
 * the Intune check's mode, the watch's interval, where records are kept) and what the bot may do in this tenant.
 */
import { card, compact, facts, header, note, text } from '../../cards/elements';
import type { AdaptiveCard } from '../../cards/types';
import type { ApprovalChannel } from '../../core/approval-model';
import type { DeploymentFacts } from '../../core/context';
import type { IntuneCheckMode } from '../../core/intune-permissions';
import { intervalText } from '../../i18n/domain-texts';
import type { Markdown } from '../../i18n/markdown';
import { safe } from '../../i18n/translator';
import type { CommandRenderContext } from '../types';
import { TEXTS } from './texts';

/** `about`: what the bot's configuration says (`deployment` absent: the host did not tell). */
export interface AboutReply {
  type: 'about';
  deployment?: DeploymentFacts;
  approval: { required: boolean; ttlMinutes: number; approverUsers: number; approverGroups: number };
  /** The approvers' channel, if one is set (from the store, not Graph). */
  channel?: ApprovalChannel;
  intuneMode: IntuneCheckMode;
  watchIntervalSeconds: number;
}

type Tx = ReturnType<typeof TEXTS.in>;

/** The words of each mode and engine (a new one without its words does not compile). */
const MODE = { off: 'modeOff', advise: 'modeAdvise', enforce: 'modeEnforce' } as const satisfies Record<
  IntuneCheckMode,
  string
>;
const STORE = { sqlite: 'storeSqlite', postgres: 'storePostgres', memory: 'storeMemory' } as const satisfies Record<
  DeploymentFacts['storeEngine'],
  string
>;

function policyRows(reply: AboutReply, tx: Tx, ctx: CommandRenderContext): [Markdown, Markdown][] {
  const { approval, deployment, channel } = reply;
  const by = channel && { name: safe(ctx.who(channel.setBy)), when: safe(ctx.when(channel.setAt)) };
  return [
    [tx('approval'), approval.required ? tx('approvalOn', { n: approval.ttlMinutes }) : tx('approvalOff')],
    [tx('approvers'), tx('approversValue', { users: approval.approverUsers, groups: approval.approverGroups })],
    [tx('approversChannel'), by ? tx('channelSet', by) : tx('channelNone')],
    [tx('intuneMode'), tx(MODE[reply.intuneMode])],
    [tx('watch'), intervalText(ctx.t, reply.watchIntervalSeconds)],
    [tx('store'), deployment ? tx(STORE[deployment.storeEngine]) : tx('notTold')],
  ];
}

export function aboutCard(reply: AboutReply, ctx: CommandRenderContext): AdaptiveCard {
  const tx = TEXTS.in(ctx);
  const d = reply.deployment;
  return card(
    compact([
      ...header(tx('title')),
      facts([[tx('version'), d ? tx('versionValue', { version: d.version, commit: d.commit }) : tx('notTold')]]),
      text(tx('policyTitle'), { weight: 'Bolder', spacing: 'Medium' }),
      facts(policyRows(reply, tx, ctx)),
      text(tx('mayTitle'), { weight: 'Bolder', spacing: 'Medium' }),
      text(tx('mayAct')),
      text(tx('mayRead')),
      text(tx('mayIntune')),
      note(tx('note')),
    ]),
    [],
    tx('title'),
  );
}
