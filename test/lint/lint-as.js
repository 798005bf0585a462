// Lints fixtures as if they stood at other paths, with the repository's ESLint config, outside jest's VM
// (ESLint loads its config with a dynamic import, which jest's module system cannot run).
// stdin: [{ "source": "<text>", "filePath": "src/core/x.ts" }, ...]; stdout: [[ruleId: message, ...], ...]
const path = require('node:path');
const { ESLint } = require('eslint');

(async () => {
  const root = path.resolve(__dirname, '../..');
  const jobs = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
  const eslint = new ESLint({ cwd: root });
  const out = [];
  for (const job of jobs) {
    const [result] = await eslint.lintText(job.source, { filePath: path.join(root, job.filePath) });
    out.push(result.messages.map((m) => ({ ruleId: m.ruleId, message: m.message })));
  }
  process.stdout.write(JSON.stringify(out));
})().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e));
  process.exit(1);
});
