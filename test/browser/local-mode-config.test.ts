/**
 * Local mode's configuration: env/local-mode.env (layered under process.env), the fault specs shared by
 * SIMULATOR_FAULTS and `npm run sim`, the local-only settings, and the playground config that picks its user.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../src/config';
import { localModeDefaults } from '../../src/local/simulated-tenant';
import { parseEnvFile } from '../../src/local/env-file';
import { parseFaultSpec } from '../../src/local/fault-spec';
import { LOCAL_ENV_FILE, localModeEnv, readLocalOptions } from '../../src/local/local-env';
import {
  findPlaygroundUser,
  playgroundConfigYaml,
  PLAYGROUND_USERS,
  selectableUsers,
} from '../../src/local/playground-config';
import { defaultUsers } from '../../src/simulator';

describe('env/local-mode.env', () => {
  it('is read under process.env: the file sets, the environment wins, an empty value counts', () => {
    const { env, file } = localModeEnv({ ADMIN_GROUP_IDS: '', LOG_LEVEL: 'warn' });
    expect(file).toBe(LOCAL_ENV_FILE);
    expect(env.ALLOWED_TENANT_IDS).toBe('00000000-0000-0000-0000-0000000000001');
    expect(env.ADMIN_USER_IDS).toBe(defaultUsers()[0].aadObjectId);
    expect(env.LOCAL_PLAYGROUND_USER).toBe('Alex Wilber');
    expect(env.ADMIN_GROUP_IDS).toBe(''); // from the environment, over the file's group
    expect(env.LOG_LEVEL).toBe('warn');
    expect(env.PORT).toBe('0'); // a free port unless PORT is set
  });

  it('agrees with the built-in defaults, so local mode works the same without it', () => {
    const { env } = localModeEnv({});
    for (const [key, value] of Object.entries(localModeDefaults())) expect([key, env[key]]).toEqual([key, value]);
    const config = loadConfig(env);
    expect(config.mode).toBe('local');
    expect(config.port).toBe(0);
    expect(config.access.adminUserIds).toEqual([defaultUsers()[0].aadObjectId]);
  });

  it('works without the file', () => {
    const { env, file } = localModeEnv({}, '/nonexistent/local-mode.env');
    expect(file).toBeUndefined();
    expect(loadConfig(env).access.allowedTenantIds).toHaveLength(1);
  });

  it('taking Alex off the lists leaves only Megan an admin (the documented denial)', () => {
    const { env } = localModeEnv({ ADMIN_USER_IDS: '00000000-0000-0000-0000-0000000000021', ADMIN_GROUP_IDS: '' });
    const config = loadConfig(env);
    expect(config.access.adminUserIds).toEqual(['00000000-0000-0000-0000-0000000000021']);
    expect(config.access.adminGroupIds).toEqual([]);
  });
});

describe('the KEY=VALUE reader', () => {
  it('reads comments, export, quotes, inline comments and empty values', () => {
    const { vars, problems } = parseEnvFile(
      [
        '# comment',
        '',
        'A=1',
        'export B = two words ',
        'C="x # y"',
        "D='single'",
        'E=',
        'F=val # note',
        'G="a\\nb"',
      ].join('\n'),
    );
    expect(problems).toEqual([]);
    expect(vars).toEqual({ A: '1', B: 'two words', C: 'x # y', D: 'single', E: '', F: 'val', G: 'a\nb' });
  });

  it('names bad lines with their number', () => {
    const { problems } = parseEnvFile('OK=1\nnot a line\nQ="open\n', 'x.env');
    expect(problems).toEqual([expect.stringContaining('x.env:2'), expect.stringContaining('x.env:3')]);
  });

  it('refuses BOT_ID in the local file: Azure mode is chosen by the environment', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ra-env-'));
    const file = join(dir, 'local.env');
    writeFileSync(file, 'BOT_ID=6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f\n');
    try {
      expect(() => localModeEnv({}, file)).toThrow(/BOT_ID does not belong/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('fault specs (SIMULATOR_FAULTS and npm run sim)', () => {
  it('reads throttle, fail, latency and clear, several at once', () => {
    expect(parseFaultSpec('throttle:3')).toEqual([{ graphNext: { count: 3, status: 429, retryAfterSeconds: 1 } }]);
    expect(parseFaultSpec('throttle:5:2, fail:503:2; latency:250')).toEqual([
      { graphNext: { count: 5, status: 429, retryAfterSeconds: 2 } },
      { graphNext: { count: 2, status: 503 } },
      { latencyMs: 250 },
    ]);
    expect(parseFaultSpec('fail:500')).toEqual([{ graphNext: { count: 1, status: 500 } }]);
    expect(parseFaultSpec('clear')).toEqual([{ clear: true, latencyMs: 0 }]);
    expect(parseFaultSpec('')).toEqual([]);
  });

  it('takes JSON for everything else the simulator can do', () => {
    expect(parseFaultSpec('{"graphNext":{"count":1,"status":403,"pathIncludes":"/disconnect"}}')).toEqual([
      { graphNext: { count: 1, status: 403, pathIncludes: '/disconnect' } },
    ]);
    expect(parseFaultSpec('[{"latencyMs":5},{"clear":true}]')).toHaveLength(2);
  });

  it.each([
    ['throttle', /number of requests/],
    ['throttle:0', /from 1 to 1000/],
    ['fail:200', /from 400 to 599/],
    ['latency:-1', /from 0 to 60000/],
    ['explode:1', /unknown fault "explode"/],
    ['throttle:1:2:3', /too many parts/],
    ['{nope', /not valid JSON/],
  ])('refuses %s', (spec, message) => {
    expect(() => parseFaultSpec(spec)).toThrow(message);
  });
});

describe('local-only settings', () => {
  it('defaults: the playground on, as Alex, on 56150 if free; simulator ports preferred', () => {
    const o = readLocalOptions({});
    expect(o).toMatchObject({ playground: true, playgroundPort: 56150, dataDir: './data', faults: [] });
    expect(o.playgroundUser?.name).toBe('Alex Wilber');
    expect(o.simulatorPort).toBeUndefined();
  });

  it('names every bad setting in one error', () => {
    let error: unknown;
    try {
      readLocalOptions({
        LOCAL_PLAYGROUND: 'maybe',
        LOCAL_PLAYGROUND_USER: 'Patti Fernandez',
        SIMULATOR_FAULTS: 'throttle:x',
        SIMULATOR_PORT: '70000',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/LOCAL_PLAYGROUND must be true or false/);
    expect(problems).toMatch(
      /LOCAL_PLAYGROUND_USER must be one of "Alex Wilber", "Megan Bowen", "Adele Vance", "Isaiah Langer"/,
    );
    expect(problems).toMatch(/SIMULATOR_FAULTS: throttle/);
    expect(problems).toMatch(/SIMULATOR_PORT must be a port/);
  });

  it('LOCAL_PLAYGROUND=false and explicit ports', () => {
    expect(
      readLocalOptions({ LOCAL_PLAYGROUND: 'false', SIMULATOR_PORT: '0', SIMULATOR_TOKEN_SERVICE_PORT: '4100' }),
    ).toMatchObject({
      playground: false,
      simulatorPort: 0,
      simulatorTokenServicePort: 4100,
    });
  });
});

describe('the playground user', () => {
  it('the playground users the simulated tenant knows are its seeded users, with the same ids', () => {
    expect(selectableUsers().map((u) => [u.id, u.aadObjectId, u.name])).toEqual(
      defaultUsers().map((u) => [u.channelUserId, u.aadObjectId, u.name]),
    );
    expect(findPlaygroundUser('adele')?.name).toBe('Adele Vance');
    expect(findPlaygroundUser('user-id-1')?.name).toBe('Megan Bowen');
    expect(findPlaygroundUser('Lynne Robbins')).toBeUndefined();
  });

  it('the config file has the chosen user first and exactly five others (the playground schema)', () => {
    const yaml = playgroundConfigYaml(findPlaygroundUser('Adele Vance')!);
    expect(yaml).toMatch(/currentUser:\n  id: "user-id-2"\n  name: "Adele Vance"/);
    expect(yaml.match(/^  - id: /gm)).toHaveLength(PLAYGROUND_USERS.length - 1);
    expect(yaml).toMatch(/name: "Remote Assistance"/);
  });
});
