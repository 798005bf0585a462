/**
 * A tiny KEY=VALUE reader for env/local-mode.env. Written here rather than Node's `process.loadEnvFile` /
 * `util.parseEnv`, which only exist from Node 20.12 (the project supports 20.11), and which write straight
 * into process.env: local mode needs the values as a separate layer (process.env wins over the file).
 *
 * Accepted: blank lines, `# comments`, `KEY=value`, `export KEY=value`, values in "double" or 'single'
 * quotes (a `#` inside quotes is kept; after an unquoted value, ` #` starts a comment), `KEY=` (empty: set to
 * nothing, which overrides a default). Anything else is a problem named with its line number.
 */
import { readFileSync } from 'node:fs';

export interface ParsedEnvFile {
  vars: Record<string, string>;
  problems: string[];
}

const LINE = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/;

export function parseEnvFile(text: string, name = 'env file'): ParsedEnvFile {
  const vars: Record<string, string> = {};
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const m = LINE.exec(line);
    if (!m) {
      problems.push(`${name}:${i + 1}: expected KEY=VALUE (got ${JSON.stringify(line.slice(0, 60))})`);
      return;
    }
    const [, key, rest] = m;
    const quote = rest[0];
    if (quote === '"' || quote === "'") {
      const end = rest.indexOf(quote, 1);
      if (end < 0) {
        problems.push(`${name}:${i + 1}: ${key} has an opening ${quote} without a closing one`);
        return;
      }
      const after = rest.slice(end + 1).trim();
      if (after && !after.startsWith('#')) {
        problems.push(`${name}:${i + 1}: ${key} has text after its closing quote`);
        return;
      }
      const inner = rest.slice(1, end);
      vars[key] = quote === '"' ? inner.replace(/\\n/g, '\n').replace(/\\"/g, '"') : inner;
      return;
    }
    vars[key] = rest.replace(/\s+#.*$/, '').trim();
  });
  return { vars, problems };
}

/** Reads and parses the file; a missing file is an empty one (local mode works without it). */
export function readEnvFile(path: string): ParsedEnvFile & { found: boolean } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { vars: {}, problems: [], found: false };
    return {
      vars: {},
      problems: [`${path} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`],
      found: true,
    };
  }
  return { ...parseEnvFile(text, path), found: true };
}
