/**
 * What a person does in the Agents Playground, as playwright-core steps: open it, wait for the bot's welcome
 * (a message typed while it still says "Connecting" is dropped silently), type into the Lexical compose box,
 * read the Adaptive Cards and click their buttons by role and name. Card text is matched exactly and inside
 * the cards only: the log panel repeats what was typed.
 */
import type { Locator, Page } from 'playwright-core';

export const WELCOME_TITLE = 'Intune remote assistance';
const COMPOSE = '[data-lexical-editor="true"][role="textbox"]';
const TIMEOUT = 20_000;

export class PlaygroundPage {
  /** What the page received (<) and sent (>) over the playground's websocket, for diagnosis and artifacts. */
  readonly frames: string[] = [];

  constructor(
    readonly page: Page,
    private readonly url: string,
  ) {
    page.on('websocket', (ws) => {
      const keep = (dir: string) => (f: { payload: string | Buffer }) => {
        this.frames.push(`${new Date().toISOString()} ${dir} ${String(f.payload).slice(0, 2000)}`);
        if (this.frames.length > 2000) this.frames.shift();
      };
      ws.on('framereceived', keep('<'));
      ws.on('framesent', keep('>'));
    });
  }

  /** Every Adaptive Card in the conversation on screen, oldest first. */
  cards(): Locator {
    return this.page.locator('.ac-adaptiveCard');
  }

  /** The cards that show `text` exactly (a TextBlock or a fact). */
  cardsWith(text: string): Locator {
    return this.cards().filter({ has: this.page.getByText(text, { exact: true }) });
  }

  /** Opens the playground and waits for the welcome card in Personal Chat. */
  async open(): Promise<void> {
    await this.page.goto(this.url, { waitUntil: 'domcontentloaded' });
    await this.cardsWith(WELCOME_TITLE).first().waitFor({ timeout: TIMEOUT });
  }

  /** The name in the playground's header: who "I" am. */
  currentUser(name: string): Locator {
    return this.page.getByRole('toolbar').getByText(name, { exact: true });
  }

  /** Types a message in a chat (one compose box) and waits for the bot's answer: the card it posted. */
  async say(text: string): Promise<Locator> {
    const before = await this.cards().count();
    const box = this.page.locator(COMPOSE).last();
    await box.click();
    await this.page.keyboard.type(text);
    await this.page.keyboard.press('Enter');
    return this.newCard(before);
  }

  /** Waits until there are more than `before` cards; the newest is the last one. */
  async newCard(before: number): Promise<Locator> {
    await this.cards().nth(before).waitFor({ timeout: TIMEOUT });
    return this.cards().last();
  }

  /** Waits until `card` shows each text exactly (it may be re-rendered in place after a click). */
  async expectTexts(card: Locator, texts: string[]): Promise<void> {
    for (const text of texts) await card.getByText(text, { exact: true }).first().waitFor({ timeout: TIMEOUT });
  }

  /** Clicks a card's button by its name. */
  async click(card: Locator, name: string): Promise<void> {
    await card.getByRole('button', { name, exact: true }).click({ timeout: TIMEOUT });
  }

  /** Opens a Teams channel ("General" of "My Team") and waits for the bot's welcome there. */
  async openChannel(name: string): Promise<void> {
    await this.page.getByRole('region', { name: 'Chat and Teams Channel' }).getByText(name, { exact: true }).click();
    // The channel view is up (only it has "Post"), then its own welcome, posted as a thread.
    await this.page.getByRole('button', { name: 'Post', exact: true }).waitFor({ timeout: TIMEOUT });
    await this.page
      .getByRole('group')
      .filter({ has: this.cardsWith(WELCOME_TITLE) })
      .first()
      .waitFor({ timeout: TIMEOUT });
  }

  /**
   * Starts a new post in the channel that @mentions the bot (picked from the mention menu, as a person
   * does), followed by `text`; returns the thread of that post once the bot has answered in it.
   */
  async postMention(botName: string, text: string, author: string): Promise<Locator> {
    // The thread started by the author's post, once it holds the bot's card.
    const thread = this.page
      .getByRole('group')
      .filter({ has: this.page.getByText(author, { exact: true }) })
      .filter({ has: this.page.locator('.ac-adaptiveCard') })
      .first();
    for (let attempt = 1; ; attempt++) {
      const since = this.frames.length;
      const box = this.page.locator(COMPOSE).first(); // "Start a new post"
      await box.click();
      await this.page.keyboard.type(`@${botName.split(' ')[0]}`);
      await this.page.getByRole('menuitem', { name: botName }).click({ timeout: TIMEOUT });
      await this.page.keyboard.type(` ${text}`);
      await this.page.getByRole('button', { name: 'Post', exact: true }).click();
      try {
        await thread.waitFor({ timeout: attempt === 1 ? 10_000 : TIMEOUT });
        return thread;
      } catch (e) {
        // Seen once in ~40 runs: the playground's server pushed the bot's answer to the page (createMessage
        // for "<team>;messageid=<post>"), but its channel view never showed it - the answer can arrive before
        // the page knows the id of its own post. Only then, post once more; a bot that did not answer fails.
        const answered = this.frames
          .slice(since)
          .some((f) => f.includes('"action":"createMessage"') && f.includes(';messageid='));
        if (attempt > 1 || !answered) throw e;

        console.warn(
          "The playground received the bot's answer in the channel thread but did not show it (a race in its channel view); posting once more.",
        );
      }
    }
  }
}
