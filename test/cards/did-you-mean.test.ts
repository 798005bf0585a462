import { renderReply } from '../../src/commands';
import { executeActions, textBlocks, visibleText } from './card-shape';

const EN = { locale: 'en-US', timeZone: 'Europe/Berlin' };
const ZH = { locale: 'zh-CN', timeZone: 'Asia/Shanghai' };

describe('did-you-mean card', () => {
  const reply = {
    type: 'didYouMean' as const,
    typed: 'disconect TeamViewer',
    suggestion: { name: 'disconnect' as const, word: 'disconnect', partner: 'TeamViewer' },
  };

  it('asks "Did you mean ...?" with a button that runs the command, and Help', () => {
    const card = renderReply(reply, EN);
    expect(textBlocks(card)[0].text).toBe('Did you mean “disconnect TeamViewer”?');
    expect(visibleText(card)).toContain('“disconect TeamViewer” is not a command I know.');
    expect(executeActions(card)).toEqual([
      {
        type: 'Action.Execute',
        title: 'disconnect TeamViewer',
        verb: 'command',
        data: { command: 'disconnect', partner: 'TeamViewer' },
        style: 'positive',
      },
      { type: 'Action.Execute', title: 'Help', verb: 'command', data: { command: 'help' } },
    ]);
  });

  it('a command without a partner; what the user typed is escaped, not markdown', () => {
    const card = renderReply(
      {
        type: 'didYouMean',
        typed: 'stauts **x**',
        suggestion: { name: 'status', word: 'status', partner: '[x](https://evil)' },
      },
      EN,
    );
    const body = textBlocks(card)
      .map((b) => b.text)
      .join('\n');
    expect(body).toContain('stauts \\*\\*x\\*\\*');
    expect(body).toContain('status \\[x\\](https://evil)');
    expect(executeActions(card)[0].data).toEqual({ command: 'status', partner: '[x](https://evil)' });
  });

  it('reads in Chinese for zh-CN', () => {
    const card = renderReply(reply, ZH);
    expect(textBlocks(card)[0].text).toBe('您是想输入“disconnect TeamViewer”吗？');
    expect(executeActions(card).map((a) => a.title)).toEqual(['disconnect TeamViewer', '帮助']);
  });
});
