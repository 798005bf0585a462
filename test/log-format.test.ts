/**
 * Local mode's log on a terminal is read by a person: `HH:MM:SS level msg key=value ...`, masked exactly as the
 * JSON lines are. JSON stays the format when the output is not a terminal, and always for the production entry.
 */
import { loadConfig } from '../src/config';
import { createLogger, formatPrettyLine, logFormatFor } from '../src/logging';
import { configProblems } from './support/config-problems';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzZWNyZXQtdXNlciJ9.c2lnbmF0dXJlLWJ5dGVz';
const base = {
  ALLOWED_TENANT_IDS: '8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d',
  ADMIN_USER_IDS: '11111111-2222-3333-4444-555555555555',
};

describe('formatPrettyLine', () => {
  // A local time: the terminal shows the clock on the wall of the person reading it.
  const at = new Date(2026, 11, 4, 9, 5, 7, 123).toISOString();

  it('prints the local time, the level, the message and the fields as key=value', () => {
    expect(
      formatPrettyLine({
        time: at,
        level: 'info',
        msg: 'ready',
        url: 'http://127.0.0.1:3978/api/messages',
        port: 3978,
        inboundAuth: false,
      }),
    ).toBe('09:05:07 info  ready url=http://127.0.0.1:3978/api/messages port=3978 inboundAuth=false');
  });

  it('quotes a value with spaces or quotes, and writes objects and arrays as JSON', () => {
    expect(
      formatPrettyLine({
        time: at,
        level: 'warn',
        msg: 'request refused',
        reason: 'not an activity',
        faults: ['slow', 'throttle'],
        error: { name: 'Error', message: 'x' },
        none: null,
      }),
    ).toBe(
      '09:05:07 warn  request refused reason="not an activity" faults=["slow","throttle"] error={"name":"Error","message":"x"} none=null',
    );
  });

  it('leaves out undefined fields and an empty string is shown as ""', () => {
    expect(formatPrettyLine({ time: at, level: 'debug', msg: 'x', a: undefined, b: '' })).toBe('09:05:07 debug x b=""');
  });
});

describe('createLogger with the pretty format', () => {
  it('masks tokens, bearer values and secret fields exactly as the JSON lines do', () => {
    const pretty: string[] = [];
    const json: string[] = [];
    const fields = {
      clientSecret: 'hunter2',
      detail: `Authorization: Bearer abc.def ${JWT}`,
      nested: { accessToken: 'opaque' },
    };
    createLogger('info', (l) => pretty.push(l), 'pretty').warn(`token ${JWT}`, fields);
    createLogger('info', (l) => json.push(l), 'json').warn(`token ${JWT}`, fields);
    expect(pretty[0]).toMatch(
      /^\d\d:\d\d:\d\d warn  token \[jwt\] clientSecret=\[redacted\] detail="Authorization: Bearer \[redacted\] \[jwt\]" nested=\{"accessToken":"\[redacted\]"\}$/,
    );
    const parsed = JSON.parse(json[0]);
    expect(parsed).toMatchObject({
      level: 'warn',
      msg: 'token [jwt]',
      clientSecret: '[redacted]',
      detail: 'Authorization: Bearer [redacted] [jwt]',
      nested: { accessToken: '[redacted]' },
    });
    for (const line of [...pretty, ...json]) {
      expect(line).not.toContain('hunter2');
      expect(line).not.toContain('opaque');
      expect(line).not.toContain(JWT.split('.')[1]);
    }
  });

  it('keeps the level filter', () => {
    const out: string[] = [];
    const log = createLogger('warn', (l) => out.push(l), 'pretty');
    log.info('hidden');
    log.error('shown');
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/ error shown$/);
  });
});

describe('logFormatFor (local mode)', () => {
  it('auto: pretty on a terminal, JSON when the output is piped or redirected', () => {
    expect(logFormatFor('auto', true)).toBe('pretty');
    expect(logFormatFor('auto', false)).toBe('json');
    expect(logFormatFor('auto', undefined)).toBe('json');
  });

  it('LOG_FORMAT decides when set', () => {
    expect(logFormatFor('json', true)).toBe('json');
    expect(logFormatFor('pretty', false)).toBe('pretty');
  });
});

describe('LOG_FORMAT in the configuration', () => {
  it('is auto by default, json or pretty when set (any case)', () => {
    expect(loadConfig(base).logFormat).toBe('auto');
    expect(loadConfig({ ...base, LOG_FORMAT: 'Pretty' }).logFormat).toBe('pretty');
    expect(loadConfig({ ...base, LOG_FORMAT: 'json' }).logFormat).toBe('json');
  });

  it('refuses anything else, naming the choices', () => {
    expect(configProblems({ ...base, LOG_FORMAT: 'text' })).toContain(
      'LOG_FORMAT must be one of auto, json, pretty (got "text")',
    );
  });

  it('refuses pretty for the bot against Azure: the cloud reads JSON lines', () => {
    const azure = {
      ...base,
      BOT_ID: '11111111-2222-3333-4444-555555555555',
      BOT_PASSWORD: 's',
      BOT_TENANT_ID: base.ALLOWED_TENANT_IDS,
    };
    expect(configProblems({ ...azure, LOG_FORMAT: 'pretty' })).toContain(
      'LOG_FORMAT=pretty is for local mode only: with BOT_ID set the bot writes JSON lines (App Service and Application Insights read them); leave LOG_FORMAT unset or json',
    );
    expect(loadConfig({ ...azure, LOG_FORMAT: 'json' }).logFormat).toBe('json');
  });
});
