import { parseCommand } from '../../src/commands';

describe('parseCommand: a trailing @name is the target', () => {
  it.each([
    ['status TeamViewer @contoso', { name: 'status', partner: 'TeamViewer', target: 'contoso' }],
    [
      'disconnect "TeamViewer Connector" @Contoso',
      { name: 'disconnect', partner: 'TeamViewer Connector', target: 'Contoso' },
    ],
    ['list @all', { name: 'list', target: 'all' }],
    ['history @eu', { name: 'history', target: 'eu' }],
    ['/status TeamViewer  @contoso ', { name: 'status', partner: 'TeamViewer', target: 'contoso' }],
    ['断开TeamViewer @contoso', { name: 'disconnect', partner: 'TeamViewer', target: 'contoso' }],
  ])('%s', (text, parsed) => {
    expect(parseCommand(text)).toEqual(parsed);
  });

  it('no @: no target, as before', () => {
    expect(parseCommand('status TeamViewer')).toEqual({ name: 'status', partner: 'TeamViewer' });
  });

  it('an @ inside the partner name is no target; only the last token counts', () => {
    expect(parseCommand('status a@b')).toEqual({ name: 'status', partner: 'a@b' });
    expect(parseCommand('status TeamViewer @contoso @fabrikam')).toEqual({
      name: 'status',
      partner: 'TeamViewer @contoso',
      target: 'fabrikam',
    });
  });

  it('@name alone is no command (it is not taken as help)', () => {
    expect(parseCommand('@contoso')).toMatchObject({ name: 'unknown' });
  });

  it('an unknown command keeps its text whole', () => {
    expect(parseCommand('frobnicate @contoso')).toEqual({ name: 'unknown', text: 'frobnicate @contoso' });
  });
});
