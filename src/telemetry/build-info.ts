/**
 * What this build is: the version (package.json) and the commit it was made from. The start line, GET /healthz
 * and the telemetry resource (service.version, vcs.ref.head.revision) all carry the same two values.
 *
 * The commit, first found wins: BUILD_COMMIT / SOURCE_VERSION in the environment (config.telemetry.commit, for a
 * pipeline that knows it); `build-info.json` next to the built code, written by `npm run build`
 * (scripts/build-info.js: `git rev-parse HEAD` at build time, so the bundle deployed knows the commit it was built
 * from, with no git on the host); else "unknown".
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface BuildInfo {
  version: string;
  commit: string;
}

export const SERVICE_NAME = 'intune-remote-assistance-bot';

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** The project's package.json, looked for upwards from here (src/telemetry, dist/telemetry or a bundle). */
function packageVersion(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = readJson(file);
      if (pkg?.name === SERVICE_NAME && typeof pkg.version === 'string') return pkg.version;
    }
    if (dirname(dir) === dir) return 'unknown';
  }
}

/**
 * `fromEnv`: config.telemetry.commit. `dirs`: where build-info.json is looked for: the built code's root (dist/, one up
 * from dist/telemetry) or, for a single-file bundle, next to it.
 */
export function readBuildInfo(
  fromEnv?: string,
  dirs: string | string[] = [join(__dirname, '..'), __dirname],
): BuildInfo {
  const file = [dirs]
    .flat()
    .map((dir) => readJson(join(dir, 'build-info.json')))
    .find(Boolean);
  const built = typeof file?.commit === 'string' && /^[0-9a-f]{7,40}$/i.test(file.commit) ? file.commit : undefined;
  return { version: packageVersion(__dirname), commit: fromEnv ?? built ?? 'unknown' };
}
