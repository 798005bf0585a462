/**
 * The one-minute demo, in a real browser: local mode started the way `npm start` starts it (simulated
 * tenant, bot, Microsoft 365 Agents Playground; free ports), driven through the playground's own UI in
 * Debian's Chromium. An administrator lists the partners, disconnects TeamViewer by the card's button,
 * checks its status, asks for help in a channel; then a user who is not allowed is turned away.
 *
 * On failure: a screenshot and the bot's and playground's logs in artifacts/browser/. The confirmation card
 * is always saved as artifacts/browser/confirmation-card.png, and the fleet card (issue 19) as fleet-card.png;
 * UPDATE_SCREENSHOTS=1 copies them to docs/screenshots/ for the README and docs/msp.md.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { PLAYGROUND_BOT_NAME } from '../../src/local/playground-config';
import { waitFor } from '../support/bot-process';
import { describeWithChromium, launchChromium, type LaunchedBrowser } from './support/chromium';
import { ARTIFACTS, ROOT, startLocalStack, type LocalStack } from './support/local-stack';
import { PlaygroundPage } from './support/playground-page';

jest.setTimeout(60_000);

/** The card with what is around it in the playground: the request typed above it and the bot's name. */
async function screenshotInConversation(page: Page, request: string, card: Locator, path: string): Promise<void> {
  await card.scrollIntoViewIfNeeded();
  const c = await card.boundingBox();
  // The request as typed: the chat bubble just above the card (the log panel repeats the text elsewhere).
  const boxes = await Promise.all((await page.getByText(request, { exact: true }).all()).map((l) => l.boundingBox()));
  const asked =
    c && boxes.filter((b) => b && b.y + b.height <= c.y && b.x < c.x + c.width * 2).sort((a, b) => b!.y - a!.y)[0];
  if (!c || !asked) {
    await card.screenshot({ path });
    return;
  }
  const x = Math.max(0, c.x - 64);
  const y = Math.max(0, asked.y - 36);
  await page.screenshot({
    path,
    clip: { x, y, width: asked.x + asked.width + 24 - x, height: c.y + c.height + 56 - y },
  });
}

describeWithChromium('the Agents Playground against local mode', () => {
  let stack: LocalStack | undefined;
  let chrome: LaunchedBrowser | undefined;
  let page: Page;
  let pg: PlaygroundPage;

  /** Local mode and a browser, side by side; if one fails to start, the other is stopped. */
  async function startBoth(env: Record<string, string> = {}): Promise<void> {
    const [s, c] = await Promise.allSettled([startLocalStack(env), launchChromium()]);
    if (s.status === 'rejected' || c.status === 'rejected') {
      if (s.status === 'fulfilled') await s.value.close();
      if (c.status === 'fulfilled') await c.value.close();
      throw s.status === 'rejected' ? s.reason : (c as PromiseRejectedResult).reason;
    }
    [stack, chrome] = [s.value, c.value];
    page = chrome.context.pages()[0] ?? (await chrome.context.newPage());
    pg = new PlaygroundPage(page, stack.url);
  }

  /** Runs a step; on failure keeps a screenshot and the logs before failing. */
  async function step(label: string, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (e) {
      mkdirSync(ARTIFACTS, { recursive: true });
      await page?.screenshot({ path: join(ARTIFACTS, `${label}.png`), fullPage: true }).catch(() => undefined);
      stack?.saveLogs(label);
      if (pg) writeFileSync(join(ARTIFACTS, `${label}-websocket.log`), pg.frames.join('\n') + '\n');
      throw e;
    }
  }

  beforeAll(async () => {
    const started = Date.now();
    await startBoth();
    await step('open', () => pg.open());

    console.log(
      `local mode ready in ${stack!.startupMs} ms, playground open after ${Date.now() - started} ms\n${stack!.readyLine}`,
    );
  });

  afterAll(async () => {
    await chrome?.close();
    await stack?.close();
  });

  it('lists both partners with their state in Personal Chat', () =>
    step('list', async () => {
      await pg.currentUser('Alex Wilber').waitFor();
      const card = await pg.say('list');
      await pg.expectTexts(card, [
        'Remote-assistance partners (2)',
        'TeamViewer Connector',
        'Onboarded (connected)',
        'Contoso Remote Help',
        'Not onboarded (disconnected)',
      ]);
    }));

  it('disconnects TeamViewer after a click on the card, and the card says who did it', () =>
    step('disconnect', async () => {
      const card = await pg.say('disconnect TeamViewer');
      await pg.expectTexts(card, ['Disconnect TeamViewer Connector?', 'Onboarded (connected)']);
      expect(stack!.local.sim.partners().find((p) => p.displayName === 'TeamViewer Connector')?.onboardingStatus).toBe(
        'onboarded',
      );
      await pg.click(card, 'Disconnect');
      // The card turns into the confirmation in place.
      const done = pg.cardsWith('Disconnected').last();
      await pg.expectTexts(done, [
        'Disconnected',
        'TeamViewer Connector',
        'Not onboarded (disconnected)',
        'Alex Wilber',
      ]);
      expect(stack!.local.sim.partners().find((p) => p.displayName === 'TeamViewer Connector')?.onboardingStatus).toBe(
        'notOnboarded',
      );

      mkdirSync(ARTIFACTS, { recursive: true });
      const shot = join(ARTIFACTS, 'confirmation-card.png');
      await screenshotInConversation(page, 'disconnect TeamViewer', done, shot);
      if (process.env.UPDATE_SCREENSHOTS === '1') {
        mkdirSync(join(ROOT, 'docs', 'screenshots'), { recursive: true });
        copyFileSync(shot, join(ROOT, 'docs', 'screenshots', 'confirmation-card.png'));
      }
    }));

  it('shows the new state on status', () =>
    step('status', async () => {
      const card = await pg.say('status TeamViewer');
      await pg.expectTexts(card, ['TeamViewer Connector', 'Not onboarded (disconnected)']);
    }));

  it('an MSP technician: customers, then TeamViewer disconnected in every customer from one card (issue 19)', () =>
    step('fleet', async () => {
      const contoso = () => stack!.local.sim.customers().find((c) => c.name === 'contoso')?.partners[0];
      const customers = await pg.say('customers');
      await pg.expectTexts(customers, ['Contoso Ltd · contoso', 'Fabrikam Inc · fabrikam']);
      const listed = await customers.innerText();
      expect(listed).toContain('AADSTS90099');
      expect(listed).toContain('AADSTS50020');
      const card = await pg.say('disconnect TeamViewer @all');
      await pg.expectTexts(card, [
        'Disconnect TeamViewer in 1 customer?',
        'Will change (now: Onboarded (connected))',
        'Cannot reach: Not consented in this customer (Entra answered AADSTS90099)',
        'Cannot reach: No access to this customer (Entra answered AADSTS50020)',
      ]);
      expect(contoso()?.onboardingStatus).toBe('onboarded');
      mkdirSync(ARTIFACTS, { recursive: true });
      const shot = join(ARTIFACTS, 'fleet-card.png');
      await screenshotInConversation(page, 'disconnect TeamViewer @all', card, shot);
      if (process.env.UPDATE_SCREENSHOTS === '1')
        copyFileSync(shot, join(ROOT, 'docs', 'screenshots', 'fleet-card.png'));
      await pg.click(card, 'Disconnect');
      await waitFor(
        "Contoso's partner disconnected",
        () => contoso()?.onboardingStatus === 'notOnboarded' || undefined,
      );
      // The partial outcome, as the fleet's history tells it: done in Contoso, the other two unreachable.
      const history = await pg.say('history @all');
      await pg.expectTexts(history, ['Contoso Ltd', 'Done', 'Fabrikam Inc']);
    }));

  it("logs the playground's probes of /api/messages (HEAD) at debug, never as a refused request", () =>
    step('probes', async () => {
      const lines = stack!.logs.map(
        (l) => JSON.parse(l) as { level: string; msg: string; method?: string; path?: string },
      );
      expect(
        lines.filter((l) => l.path === '/api/messages' && l.method === 'HEAD').map((l) => `${l.level} ${l.msg}`),
      ).toContainEqual('debug endpoint probed');
      expect(lines.filter((l) => l.msg === 'request refused')).toEqual([]);
    }));

  it('answers an @mention in a channel with the help card', () =>
    step('channel-help', async () => {
      await pg.openChannel('General');
      const thread = await pg.postMention(PLAYGROUND_BOT_NAME, 'help', 'Alex Wilber');
      await pg.expectTexts(thread.locator('.ac-adaptiveCard'), [
        'Intune remote assistance',
        'Commands',
        'Show this help.',
      ]);
    }));

  it('watches the channel: a change made outside the bot (npm run sim -- partner) is posted there by the bot', () =>
    step('channel-watch', async () => {
      await pg.postMention(PLAYGROUND_BOT_NAME, 'watch', 'Alex Wilber');
      await pg.expectTexts(pg.cardsWith('Watching the partners here').first(), [
        'Watching the partners here',
        'Channel',
      ]);
      // As the Intune admin center would: TeamViewer onboarded again, outside the bot (local mode reads every 10 s).
      stack!.local.sim.changePartner({ partner: 'TeamViewer', onboardingStatus: 'onboarded' });
      const notice = pg.cardsWith('TeamViewer Connector changed state').first();
      await notice.waitFor({ timeout: 30_000 });
      await pg.expectTexts(notice, ['Not onboarded (disconnected)', 'Onboarded (connected)']);
    }));

  describe('a user who is not allowed (LOCAL_PLAYGROUND_USER=Adele Vance)', () => {
    beforeAll(async () => {
      await chrome?.close();
      await stack?.close();
      [chrome, stack] = [undefined, undefined];
      await startBoth({ LOCAL_PLAYGROUND_USER: 'Adele Vance' });
      await step('open-as-adele', () => pg.open());
    });

    it('gets the denial card, and nothing reaches the partners', () =>
      step('denied', async () => {
        await pg.currentUser('Adele Vance').waitFor();
        const card = await pg.say('disconnect TeamViewer');
        await pg.expectTexts(card, [
          'You are not allowed to do this',
          'You are not on the list of people who may use this bot.',
          'Denied: Adele Vance',
        ]);
        expect(
          stack!.local.sim.calls.filter((c) => c.service === 'graph' && c.path.includes('/remoteAssistancePartners')),
        ).toEqual([]);
      }));
  });
});
