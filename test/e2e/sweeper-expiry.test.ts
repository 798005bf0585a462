/**
 * The sweeper expires what nobody clicked in time, end to end over real HTTP (the bot server, the simulated tenant,
 * the recording Bot Connector), on SQLite and on PostgreSQL: a request for approval past its time becomes `expired`
 * through the store's conditional transition, and every card of it (where it was asked, and its copy in the
 * approvers' channel) is replaced with the expired card, without anybody clicking. A plain confirmation past its
 * time too.
 */
import { PG_URL } from '../store/helpers';
import { freshSchema, waitFor } from '../support/bot-process';
import { startHarness, type Harness } from '../support/harness';
import { cardOf, cardText } from '../support/teams';

const APPROVERS = '19:approvers-expiry@thread.tacv2';
const HOUR_AND_A_MINUTE = 61 * 60_000;

if (!PG_URL) console.warn('sweeper expiry e2e: TEST_DATABASE_URL is not set, so the PostgreSQL case is SKIPPED');
const engines = [
  ['SQLite', false],
  ['PostgreSQL', true],
] as const;

type Card = Record<string, any>;
const opVerbs = (card: Card) =>
  (card.actions ?? []).map((a: { verb?: string }) => a.verb).filter((v: string | undefined) => v?.startsWith('op.'));

describe.each(engines)('on %s', (_name, postgres) => {
  const maybe = postgres && !PG_URL ? describe.skip : describe;
  maybe('overdue requests and confirmations', () => {
    let h: Harness;
    let drop: (() => Promise<void>) | undefined;
    const start = async (env: Record<string, string>) => {
      const schema = postgres ? await freshSchema('expiry') : undefined;
      drop = schema?.drop;
      h = await startHarness({ env: { ...env, ...(schema ? { DATABASE_URL: schema.url } : {}) } });
    };
    afterEach(async () => {
      await h?.close();
      await drop?.();
    });

    it('a request for approval nobody decided: expired by the sweeper, its card and its copy replaced for everyone', async () => {
      await start({ APPROVAL_REQUIRED: 'true', APPROVAL_TTL_MINUTES: '60' });
      const lee = h.user('Lee Gu');
      const alex = h.user('Alex Wilber');
      await h.say(lee, 'approvals here', { where: 'channel', channel: APPROVERS });
      const asked = await h.post(h.teams.message(alex, 'disconnect TeamViewer', { where: 'channel' }));
      expect(asked.status).toBe(200);
      const own = h.connector
        .messages()
        .find((m) => m.conversationId !== APPROVERS && /Approval needed/.test(cardText(cardOf(m.activity))))!;
      const operationId = String(cardOf(own.activity)!.refresh.action.data.operationId);
      const copy = await waitFor("the request in the approvers' channel", () =>
        h.connector.messages().find((m) => m.conversationId === APPROVERS && !m.activityId),
      );

      await h.bot.sweeper.sweepOnce(); // in time: nothing happens
      expect((await h.bot.store.operations.get(operationId))!.state).toBe('pending');
      expect(h.connector.updates()).toEqual([]);

      h.clock.advance(HOUR_AND_A_MINUTE);
      const report = await h.bot.sweeper.sweepOnce();
      expect(report).toMatchObject({ expired: 1 });
      expect(await h.bot.store.operations.get(operationId)).toMatchObject({
        state: 'expired',
        approval: { status: 'waiting' },
      });
      for (const id of [own.id, copy.id]) {
        const replaced = h.connector.updates().filter((u) => u.activityId === id);
        expect(replaced).toHaveLength(1);
        const card = cardOf(replaced[0].activity)!;
        expect(cardText(card)).toContain('Request expired without approval');
        expect(opVerbs(card)).toEqual([]);
        expect(card.refresh).toBeUndefined();
      }
      // A second sweep finds nothing more to do.
      expect(await h.bot.sweeper.sweepOnce()).toMatchObject({ expired: 0 });
      expect(h.connector.updates()).toHaveLength(2);
    }, 60_000);

    it('a plain confirmation nobody clicked: expired by the sweeper and its card replaced', async () => {
      await start({ OPERATION_TTL_MINUTES: '15' });
      const { card, id } = await h.say(h.user('Alex Wilber'), 'disconnect TeamViewer', { where: 'channel' });
      const operationId = String(card.actions.find((a: { verb?: string }) => a.verb === 'op.confirm').data.operationId);
      h.clock.advance(16 * 60_000);
      expect(await h.bot.sweeper.sweepOnce()).toMatchObject({ expired: 1 });
      expect((await h.bot.store.operations.get(operationId))!.state).toBe('expired');
      const replaced = h.connector.updates().filter((u) => u.activityId === id);
      expect(replaced).toHaveLength(1);
      expect(cardText(cardOf(replaced[0].activity))).toContain('Request expired');
      expect(opVerbs(cardOf(replaced[0].activity)!)).toEqual([]);
    }, 60_000);

    it('a fleet nobody confirmed (issue 19): its children and the fleet expired by the sweeper, its card replaced', async () => {
      await start({ OPERATION_TTL_MINUTES: '15' });
      const { card, id } = await h.say(h.user('Alex Wilber'), 'disconnect TeamViewer @all', { where: 'channel' });
      const confirm = card.actions.find((a: { verb?: string }) => a.verb === 'fleet.confirm');
      const fleetId = String(confirm.data.fleetId);
      await h.bot.sweeper.sweepOnce(); // in time: nothing happens
      expect((await h.bot.store.fleets.getFleet(fleetId))!.state).toBe('pending');
      h.clock.advance(16 * 60_000);
      expect(await h.bot.sweeper.sweepOnce()).toMatchObject({ expired: 1 }); // Contoso's child (the others: no change)
      expect((await h.bot.store.fleets.getFleet(fleetId))!.state).toBe('expired');
      const replaced = h.connector.updates().filter((u) => u.activityId === id);
      expect(replaced).toHaveLength(1);
      const text = cardText(cardOf(replaced[0].activity));
      expect(text).toContain('Disconnect TeamViewer: the request expired');
      expect(text).toContain('Expired: not confirmed in time');
      expect((cardOf(replaced[0].activity)!.actions ?? []).length).toBe(0);
      // A second sweep finds nothing more to do, and a late click changes nothing.
      expect(await h.bot.sweeper.sweepOnce()).toMatchObject({ expired: 0 });
      expect(h.connector.updates()).toHaveLength(1);
    }, 60_000);
  });
});
