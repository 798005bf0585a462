/**
 * infra/monitoring.bicep, infra/monitoring-site.bicep, infra/alerts/*.kql and docs/operations.md, offline:
 * - every alert query and every query docs/operations.md offers names only columns of the tables it reads
 *   (test/contracts/fixtures/azure-monitor-tables.json: Microsoft's table reference), and only the metric names
 *   and attributes of the telemetry contract inside Properties;
 * - every alert has its runbook section in docs/operations.md;
 * - the settings flow env/.env.dev -> azure.parameters.json -> azure.bicep -> the modules -> the resources.
 * Whether Azure accepts the templates only a deployment can tell (docs/operations.md says what it confirms).
 */
import { readdirSync } from 'node:fs';
import { at, bicepParams, bicepSettingValue, envFiles, readJson, readText } from './helpers';
import { kqlProblems } from './kql-check';

const MONITORING = 'infra/monitoring.bicep';
const SITE = 'infra/monitoring-site.bicep';
const monitoring = readText(MONITORING);
const site = readText(SITE);
const azure = readText('infra/azure.bicep');
const runbook = readText('docs/operations.md');

/** The log search alerts of monitoring.bicep: name and the file its query is loaded from. */
function logAlerts(): { name: string; file: string; block: string }[] {
  const list = /^var logAlerts = \[\n([\s\S]*?)\n\]$/m.exec(monitoring)?.[1] ?? '';
  return list.split(/\n  \}\n  \{\n/).map((block) => ({
    name: /name: '([a-z0-9-]+)'/.exec(block)?.[1] ?? '',
    file: /query: loadTextContent\('([^']+)'\)/.exec(block)?.[1] ?? '',
    block,
  }));
}

/** The availability alerts of monitoring-site.bicep: `<probe>-failing`. */
function availabilityAlerts(): string[] {
  const probes = /^var probes = \[\n([\s\S]*?)\n\]$/m.exec(site)?.[1] ?? '';
  expect(site).toMatch(/name: '\$\{baseName\}-\$\{p\.name\}-failing'/);
  return [...probes.matchAll(/name: '([a-z]+)'/g)].map((m) => `${m[1]}-failing`);
}

/** The ```kusto blocks of docs/operations.md. */
function docQueries(): string[] {
  return [...runbook.matchAll(/```kusto\n([\s\S]*?)```/g)].map((m) => m[1]);
}

/** The runbook section of an alert: from its heading to the next heading of the same level. */
function section(name: string): string {
  const start = runbook.indexOf(`### Alert: \`${name}\``);
  if (start < 0) return '';
  const next = runbook.indexOf('\n### ', start + 1);
  return runbook.slice(start, next < 0 ? undefined : next);
}

describe('the KQL check itself', () => {
  it('accepts a query on documented columns and contract names', () => {
    expect(
      kqlProblems(
        "AppMetrics\n| where Name == 'graph.throttles'\n| summarize n = sum(Sum) by t = tostring(Properties['template'])",
      ),
    ).toEqual([]);
  });

  it('refuses a column the table does not have, an unknown table, a metric or attribute outside the contract', () => {
    expect(kqlProblems("AppMetrics | where ResultCode == '500'")).toEqual(['AppMetrics has no column ResultCode']);
    expect(kqlProblems('AppRequestz | take 1')).toEqual([
      'no known table in the query',
      'AppRequestz is not a column of any table read',
    ]);
    expect(kqlProblems("AppMetrics | where Name == 'graph.throttle'")).toEqual([
      'graph.throttle is not a metric of the contract',
    ]);
    expect(kqlProblems("AppMetrics | where Name == 'graph.throttles' | where Properties['status'] == '429'")).toEqual([
      "Properties['status'] is not an attribute of graph.throttles",
    ]);
    // The Azure Monitor exporter moves these into columns (ResultCode, UserAuthenticatedId): not in Properties.
    expect(kqlProblems("AppRequests | where Properties['http.response.status_code'] == '500'")).toEqual([
      "Properties['http.response.status_code'] is not an attribute of the contract's spans",
    ]);
  });
});

describe('infra/alerts/*.kql: the log search alerts', () => {
  const alerts = logAlerts();

  it('are the signals issue 17 names, each loaded from its own file, every file used', () => {
    expect(alerts.map((a) => a.name).sort()).toEqual(
      [
        'credential-expiring',
        'graph-auth-storm',
        'graph-throttled',
        'messages-5xx',
        'operations-failing',
        'operations-unknown',
        'watch-not-polling',
      ].sort(),
    );
    for (const a of alerts) expect(a.file).toBe(`alerts/${a.name}.kql`);
    expect(readdirSync(at('infra/alerts')).sort()).toEqual(alerts.map((a) => `${a.name}.kql`).sort());
  });

  it.each(logAlerts().map((a) => [a.name, a.file]))(
    '%s: names only documented columns and contract names',
    (_name, file) => {
      expect(kqlProblems(readText('infra', file))).toEqual([]);
    },
  );

  it('fire when the query returns a row: the threshold is in the query, where the runbook quotes it', () => {
    expect(monitoring).toMatch(/timeAggregation: 'Count'\s+operator: 'GreaterThan'\s+threshold: 0/);
    for (const a of alerts) expect(readText('infra', a.file)).toMatch(/\n\| where [^\n]*(>=|<=|<|isnull)[^\n]*\n?$/);
  });

  it('query the workspace, and say where their runbook is', () => {
    expect(monitoring).toMatch(/scopes: \[\s+workspace\.id\s+\]/);
    expect(monitoring).toContain("description: 'What it means and what to do: docs/operations.md#alert-${a.name}'");
    for (const a of alerts) {
      expect(a.block).toMatch(/severity: [0-4]\n/);
      expect(a.block).toMatch(/frequency: 'PT\d+[MH]'/);
    }
  });
});

describe('docs/operations.md', () => {
  it('has a runbook section for every alert: what it means, how it is detected, what to do', () => {
    const names = [...logAlerts().map((a) => a.name), ...availabilityAlerts()];
    expect(names).toHaveLength(9);
    const problems: string[] = [];
    for (const name of names) {
      const text = section(name);
      if (!text) problems.push(`${name}: no "### Alert: \`${name}\`" section`);
      else
        for (const part of ['**Means.**', '**Detected.**', '**Do.**'])
          if (!text.includes(part)) problems.push(`${name}: no ${part}`);
      if (logAlerts().some((a) => a.name === name) && !text.includes(`infra/alerts/${name}.kql`))
        problems.push(`${name}: does not link its query`);
    }
    expect(problems).toEqual([]);
  });

  it('offers ready-to-paste queries that name only documented columns and contract names', () => {
    const queries = docQueries();
    expect(queries.length).toBeGreaterThanOrEqual(8);
    expect(queries.map((q, i) => kqlProblems(q).map((p) => `query ${i + 1}: ${p}`)).flat()).toEqual([]);
  });

  it('answers the questions an admin asks', () => {
    for (const q of [
      'Who disconnected what this month',
      'Why did this click fail',
      'Is the watch alive',
      'Is Graph throttling the bot',
      'Was consent withdrawn',
      'When does the credential expire',
    ]) {
      expect(runbook).toContain(`### ${q}`);
    }
    expect(runbook).toMatch(/record of truth/);
  });

  it('is linked from README.md and docs/deploy.md', () => {
    expect(readText('README.md')).toContain('docs/operations.md');
    expect(readText('docs/deploy.md')).toContain('operations.md');
  });
});

describe('infra/: monitoring settings from env/.env.dev to the resources', () => {
  const env = envFiles.readEnvFile(at('env', '.env.dev'));
  const parameters = readJson('infra/azure.parameters.json').parameters as Record<string, { value: string }>;
  const params = bicepParams('infra/azure.bicep');

  it.each([
    ['ALERT_EMAIL', 'alertEmail', 'none', /alertEmail: alertEmail\n/],
    ['LOG_RETENTION_DAYS', 'logRetentionDays', '90', /retentionInDays: int\(logRetentionDays\)\n/],
  ])('%s -> %s -> the monitoring module', (variable, param, committed, moduleArg) => {
    // A word or a number, never empty: the Toolkit refuses an empty value (variables.test.ts).
    expect(env.get(variable)).toBe(committed);
    expect(parameters[param].value).toBe(`\${{${variable}}}`);
    expect(params.get(param)).toEqual({ type: 'string', hasDefault: true });
    expect(azure).toContain(`param ${param} string = '${committed}'`);
    expect(/^module monitoring '\.\/monitoring\.bicep' = \{[\s\S]*?\n\}$/m.exec(azure)?.[0]).toMatch(moduleArg);
  });

  it('keeps logs for the retention given, 30 to 730 days, in a PerGB2018 workspace', () => {
    expect(monitoring).toMatch(
      /@minValue\(30\)\n@maxValue\(730\)\n@description\([^\n]*\)\nparam retentionInDays int\n/,
    );
    expect(monitoring).toMatch(
      /resource workspace 'Microsoft\.OperationalInsights\/workspaces@[\d-]+' = \{[\s\S]*?sku: \{\s+name: 'PerGB2018'\s+\}\s+retentionInDays: retentionInDays\n/,
    );
  });

  it("mails the alerts to ALERT_EMAIL's addresses, and makes no action group for 'none'", () => {
    expect(monitoring).toContain(
      "var emails = toLower(trim(alertEmail)) == 'none' ? [] : filter(split(replace(alertEmail, ' ', ''), ','), e => !empty(e))",
    );
    expect(monitoring).toMatch(
      /resource actionGroup 'Microsoft\.Insights\/actionGroups@[\d-]+' = if \(!empty\(emails\)\) \{/,
    );
    expect(monitoring).toMatch(
      /emailReceivers: \[for \(email, i\) in emails: \{\s+name: 'mail-\$\{i\}'\s+emailAddress: email/,
    );
    expect(monitoring).toContain('var actionGroupIds = empty(emails) ? [] : [actionGroup.id]');
    expect(monitoring).toMatch(/actions: \{\s+actionGroups: actionGroupIds\s+\}/);
    expect(site).toContain('actions: map(actionGroupIds, g => { actionGroupId: g })');
    expect(azure).toContain('actionGroupIds: monitoring.outputs.actionGroupIds');
  });

  it('gives the web app the connection string of a workspace-based Application Insights resource', () => {
    expect(bicepSettingValue('infra/azure.bicep', 'APPLICATIONINSIGHTS_CONNECTION_STRING')).toBe(
      'monitoring.outputs.connectionString',
    );
    expect(azure).toContain(
      'appSettings: concat(runtimeSettings, credentialSettings, databaseSettings, telemetrySettings)',
    );
    expect(monitoring).toContain('output connectionString string = appInsights.properties.ConnectionString');
    expect(monitoring).toMatch(
      /resource appInsights 'Microsoft\.Insights\/components@[\d-]+' = \{[\s\S]*?kind: 'web'\s+properties: \{\s+Application_Type: 'web'\s+WorkspaceResourceId: workspace\.id\s+IngestionMode: 'LogAnalytics'/,
    );
    // The module that needs the web app comes after it; the one the web app needs, before.
    expect(azure.indexOf("module monitoring './monitoring.bicep'")).toBeLessThan(
      azure.indexOf("resource webApp 'Microsoft.Web/sites@"),
    );
    expect(azure.indexOf("module monitoringSite './monitoring-site.bicep'")).toBeGreaterThan(
      azure.indexOf("resource webApp 'Microsoft.Web/sites@"),
    );
  });

  it("sends the web app's HTTP, console, app and platform logs to the workspace", () => {
    expect(azure).toMatch(/siteName: webApp\.name\n/);
    expect(azure).toMatch(/workspaceId: monitoring\.outputs\.workspaceId\n/);
    expect(site).toMatch(/resource site 'Microsoft\.Web\/sites@[\d-]+' existing = \{\s+name: siteName\s+\}/);
    expect(site).toMatch(
      /resource siteLogs 'Microsoft\.Insights\/diagnosticSettings@[\w-]+' = \{\s+name: '[a-z-]+'\s+scope: site\s+properties: \{\s+workspaceId: workspaceId/,
    );
    const categories = [.../^var siteLogCategories = \[\n([\s\S]*?)\n\]$/m.exec(site)![1].matchAll(/'(\w+)'/g)].map(
      (m) => m[1],
    );
    expect(categories.sort()).toEqual([
      'AppServiceAppLogs',
      'AppServiceConsoleLogs',
      'AppServiceHTTPLogs',
      'AppServicePlatformLogs',
    ]);
  });

  it('tests /healthz and /readyz from five locations, alerting when 3 of 5 fail (Microsoft: locations - 2)', () => {
    expect(azure).toMatch(/hostName: webApp\.properties\.defaultHostName\n/);
    expect(azure).toContain("healthCheckPath: '/healthz'");
    expect(site).toMatch(/kind: 'standard'/);
    expect(site).toContain("RequestUrl: 'https://${hostName}${p.path}'");
    for (const path of ['/healthz', '/readyz']) expect(site).toContain(`path: '${path}'`);
    expect([
      .../^var testLocations = \[\n([\s\S]*?)\n\]$/m.exec(site)![1].matchAll(/Id: '([a-z0-9-]+)'/g),
    ]).toHaveLength(5);
    expect(site).toContain('var failedLocationCount = length(testLocations) - 2');
    expect(site).toContain("'odata.type': 'Microsoft.Azure.Monitor.WebtestLocationAvailabilityCriteria'");
    expect(site).toContain("'hidden-link:${appInsightsId}': 'Resource'");
  });

  it('writes the workspace id to env/.env.dev for the queries of docs/operations.md', () => {
    expect(azure).toContain('output LOG_ANALYTICS_WORKSPACE_ID string = monitoring.outputs.workspaceCustomerId');
    expect(env.has('LOG_ANALYTICS_WORKSPACE_ID')).toBe(true);
  });
});
