/**
 * Every ${{VAR}} the Toolkit will have to fill - in teamsapp*.yml and in the files its steps read (the
 * app manifest and zh-CN.json, aad.manifest.json, the ARM parameter files) - has a value when its step
 * runs. Walked step by step, in the Toolkit's order, per environment, with the Toolkit's rule (checked
 * in @microsoft/teamsfx-core 2.1.0, behind teamsapp CLI 3.1.1, and unchanged in 3.1.3, behind the Agents
 * Toolkit CLI 1.1.17: component/utils/envFunctionUtils.js): an EMPTY value counts as unresolved and
 * fails the action, except for APP_NAME_SUFFIX.
 */
import * as path from 'node:path';
import {
  access,
  at,
  bicepOutputs,
  bicepParams,
  envFiles,
  PROJECT_FILES,
  readJson,
  readProject,
  readText,
  ToolkitStep,
} from './helpers';

/** The only variable the Toolkit substitutes when empty. */
const MAY_BE_EMPTY = new Set(['APP_NAME_SUFFIX']);
/** Empty in the committed files: arm/deploy asks for them (and writes the answer). */
const PROMPTED = new Set(['AZURE_SUBSCRIPTION_ID', 'AZURE_RESOURCE_GROUP_NAME']);
/** Empty in the committed files: the admin sets them before provisioning (docs/deploy.md says so). */
const USER_SUPPLIED: Record<string, string[]> = {
  dev: ['ADMIN_USER_IDS'],
  local: ['ADMIN_USER_IDS', 'BOT_ENDPOINT', 'BOT_DOMAIN'],
};

/** Files a step reads and fills placeholders in, besides its own `with`. */
function filesReadBy(step: ToolkitStep): string[] {
  const w = step.with ?? {};
  switch (step.uses) {
    case 'aadApp/update':
      return [w.manifestPath];
    case 'teamsApp/validateManifest':
    case 'teamsApp/zipAppPackage': {
      const manifest = readJson(w.manifestPath);
      const langs: { file: string }[] = manifest.localizationInfo?.additionalLanguages ?? [];
      return [w.manifestPath, ...langs.map((l) => path.join(path.dirname(w.manifestPath), l.file))];
    }
    case 'arm/deploy':
      return (w.templates as { parameters?: string }[]).flatMap((t) => (t.parameters ? [t.parameters] : []));
    default:
      return [];
  }
}

/** Variables a step writes to the environment (file and process) when it has run. */
function writtenBy(step: ToolkitStep): string[] {
  const written = Object.values(step.writeToEnvironmentFile ?? {});
  // aadApp/update generates AAD_APP_ACCESS_AS_USER_PERMISSION_ID when the manifest uses it and it is
  // empty (documented in the Toolkit's yaml schema for the action), without a writeToEnvironmentFile.
  if (
    step.uses === 'aadApp/update' &&
    readText(step.with?.manifestPath).includes('${{AAD_APP_ACCESS_AS_USER_PERMISSION_ID}}')
  ) {
    written.push('AAD_APP_ACCESS_AS_USER_PERMISSION_ID');
  }
  // A `script` step running one of the project's scripts writes what it prints as `::set-teamsfx-env NAME=...`.
  const script =
    step.uses === 'script' ? /node (scripts\/[\w./-]+\.js)/.exec(String(step.with?.run ?? ''))?.[1] : undefined;
  if (script) written.push(...[...readText(script).matchAll(/::set-teamsfx-env (\w+)=/g)].map((m) => m[1]));
  if (step.uses === 'arm/deploy') {
    // The templates' outputs, under their names; and the subscription and group it asked for.
    for (const t of step.with?.templates as { path: string }[]) written.push(...bicepOutputs(t.path));
    written.push(...PROMPTED);
  }
  return written;
}

describe.each(Object.entries(PROJECT_FILES))('%s environment (%s)', (envName, projectFile) => {
  const project = readProject(projectFile);
  const envFile = envFiles.readEnvFile(at('env', `.env.${envName}`));
  const userSample = envFiles.readEnvFile(at('env', `.env.${envName}.user.sample`));
  const hasValue = (name: string) => Boolean(envFile.get(name)) || USER_SUPPLIED[envName].includes(name);

  it.each(['provision', 'deploy', 'publish'] as const)(
    '%s: every placeholder has a non-empty value when its step runs',
    (stage) => {
      // Later stages run after provision has run once (they read what it wrote).
      const written = new Set<string>();
      if (stage !== 'provision')
        for (const step of project.provision ?? []) writtenBy(step).forEach((v) => written.add(v));
      const missing: string[] = [];
      for (const step of project[stage] ?? []) {
        const own = new Set(writtenBy(step));
        const texts = [
          JSON.stringify(step.with ?? {}),
          JSON.stringify(step.env ?? {}),
          ...filesReadBy(step).map((f) => readText(f)),
        ];
        for (const name of texts.flatMap((t) => envFiles.placeholdersIn(t))) {
          const ok =
            written.has(name) ||
            hasValue(name) ||
            (MAY_BE_EMPTY.has(name) && envFile.has(name)) ||
            (step.uses === 'arm/deploy' && PROMPTED.has(name)) ||
            (step.uses === 'aadApp/update' && name === 'AAD_APP_ACCESS_AS_USER_PERMISSION_ID' && own.has(name));
          if (!ok) missing.push(`${step.uses}: ${name}`);
        }
        own.forEach((v) => written.add(v));
      }
      expect(missing).toEqual([]);
    },
  );

  it('gives the access-settings script every input it reads, and the committed defaults pass it once an admin is set', () => {
    for (const name of [...access.LISTS, ...access.APPROVAL, 'ADMIN_CONTACT']) expect(hasValue(name)).toBe(true);
    const env = Object.fromEntries(envFile);
    expect(access.accessSettings(env).problems).toContainEqual(expect.stringMatching(/^ADMIN_USER_IDS is empty/));
    const configured = access.accessSettings({
      ...env,
      ADMIN_USER_IDS: '00000000-0000-4000-8000-00000000000a',
      BOT_TENANT_ID: '00000000-0000-4000-8000-00000000000b',
    });
    expect(configured.problems).toEqual([]);
    expect(configured.settings.ALLOWED_TENANT_IDS).toBe('00000000-0000-4000-8000-00000000000b');
  });

  it('uses only the environment folder ./env and an env file that names TEAMSFX_ENV', () => {
    expect(project.environmentFolderPath).toBe('./env');
    expect(envFile.get('TEAMSFX_ENV')).toBe(envName);
  });

  it('lists every variable a provision step writes in the env file (so the file documents them)', () => {
    const written = (project.provision ?? []).flatMap(writtenBy).filter((v) => !v.startsWith('SECRET_'));
    expect(written.filter((v) => !envFile.has(v))).toEqual([]);
  });

  it('tells the admin, in docs/deploy.md, to set the variables provisioning cannot', () => {
    const doc = readText('docs/deploy.md');
    for (const name of USER_SUPPLIED[envName]) expect(doc).toContain(name);
  });

  it('keeps secrets out of the committed env files', () => {
    for (const [key, value] of [...envFile, ...userSample]) {
      if (key.startsWith('SECRET_') || /PASSWORD|SECRET/.test(key)) expect([key, value]).toEqual([key, '']);
    }
    expect([...envFile.keys()].filter((k) => k.startsWith('SECRET_'))).toEqual([]);
    const secretsWritten = (project.provision ?? [])
      .flatMap((s) => Object.values(s.writeToEnvironmentFile ?? {}))
      .filter((v) => /SECRET|PASSWORD/.test(v));
    expect(secretsWritten.length).toBeGreaterThan(0);
    for (const v of secretsWritten) {
      expect(v).toMatch(/^SECRET_/); // the Toolkit writes SECRET_* to the git-ignored .user file
      expect(userSample.has(v)).toBe(true);
    }
    expect(readText('.gitignore')).toMatch(/^env\/\.env\.\*\.user$/m);
  });
});

describe('ARM parameter files', () => {
  const pairs = [
    ['infra/azure.bicep', 'infra/azure.parameters.json'],
    ['infra/azure.local.bicep', 'infra/azure.parameters.local.json'],
  ] as const;

  it.each(pairs)('%s: %s sets only declared params and every param without a default', (bicep, parametersFile) => {
    const params = bicepParams(bicep);
    const given = Object.keys(readJson(parametersFile).parameters);
    expect(given.filter((p) => !params.has(p))).toEqual([]);
    expect([...params].filter(([name, p]) => !p.hasDefault && !given.includes(name)).map(([n]) => n)).toEqual([]);
  });

  it('passes secrets only into @secure() params', () => {
    for (const [bicep, parametersFile] of pairs) {
      const text = readText(bicep);
      const parameters = readJson(parametersFile).parameters as Record<string, { value: string }>;
      for (const [name, { value }] of Object.entries(parameters)) {
        if (/\$\{\{SECRET_/.test(value))
          expect(text).toMatch(new RegExp(`@secure\\(\\)\\n(@description\\([^\\n]*\\)\\n)?param ${name} string`));
      }
    }
  });
});
