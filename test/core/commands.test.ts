import { COMMANDS } from '../../src/commands';
import { normalizeText, parseCommand } from '../../src/commands';

describe('parseCommand', () => {
  it.each([
    ['help', { name: 'help' }],
    ['HELP me', { name: 'help' }],
    ['list', { name: 'list' }],
    ['  List  ', { name: 'list' }],
    ['status TeamViewer', { name: 'status', partner: 'TeamViewer' }],
    ['status', { name: 'status' }],
    ['disconnect TeamViewer Connector', { name: 'disconnect', partner: 'TeamViewer Connector' }],
    ['disconnect "TeamViewer Connector"', { name: 'disconnect', partner: 'TeamViewer Connector' }],
    ['/disconnect teamviewer', { name: 'disconnect', partner: 'teamviewer' }],
    ['reconnect TeamViewer', { name: 'reconnect', partner: 'TeamViewer' }],
    ['history', { name: 'history' }],
    ['history TeamViewer', { name: 'history', partner: 'TeamViewer' }],
    ['断开 TeamViewer', { name: 'disconnect', partner: 'TeamViewer' }],
    ['断开TeamViewer', { name: 'disconnect', partner: 'TeamViewer' }],
    ['状态 TeamViewer', { name: 'status', partner: 'TeamViewer' }],
    ['列表', { name: 'list' }],
    ['帮助', { name: 'help' }],
  ])('%j', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });

  it('treats empty text as a request for help', () => {
    expect(parseCommand('')).toEqual({ name: 'help' });
    expect(parseCommand(undefined)).toEqual({ name: 'help' });
    expect(parseCommand('   &nbsp; ')).toEqual({ name: 'help' });
  });

  it('says unknown for anything else, never throws', () => {
    expect(parseCommand('please nuke everything')).toEqual({ name: 'unknown', text: 'please nuke everything' });
    expect(() => parseCommand('\u0000\uffff'.repeat(10_000))).not.toThrow();
  });

  it.each([
    ['disconect TeamViewer', { name: 'disconnect', word: 'disconnect', partner: 'TeamViewer' }],
    ['Disconect "TeamViewer Connector"', { name: 'disconnect', word: 'disconnect', partner: 'TeamViewer Connector' }],
    ['stauts', { name: 'status', word: 'status' }],
    ['lsit', { name: 'list', word: 'list' }],
    ['histroy TeamViewer', { name: 'history', word: 'history', partner: 'TeamViewer' }],
    ['reconect TeamViewer', { name: 'reconnect', word: 'reconnect', partner: 'TeamViewer' }],
    ['watchin', { name: 'watching', word: 'watching' }],
  ])('a mistyped command word %j: unknown, with the nearest command as a suggestion', (text, suggestion) => {
    expect(parseCommand(text)).toEqual({ name: 'unknown', text, suggestion });
  });

  it.each(['please nuke everything', 'hey', 'thanks', 'ok', 'what can you do', 'xyzzy TeamViewer', 'lol'])(
    'no suggestion for %j (nothing close enough)',
    (text) => {
      expect(parseCommand(text)).toEqual({ name: 'unknown', text });
    },
  );

  it('cleans Teams HTML remnants and bounds the input', () => {
    expect(normalizeText('<p>disconnect&nbsp;<b>TeamViewer</b></p>')).toBe('disconnect TeamViewer');
    expect(normalizeText('x'.repeat(10_000)).length).toBeLessThanOrEqual(500);
    expect(parseCommand('<at>Someone Else</at> status TeamViewer')).toEqual({
      name: 'unknown',
      text: 'Someone Else status TeamViewer',
    });
  });

  it('knows every command by its own name', () => {
    for (const c of COMMANDS) expect(parseCommand(c.name).name).toBe(c.name);
  });
});
