/**
 * The Bicep CLI the Toolkit downloads for `arm/deploy` (bicepCliVersion; without it the Toolkit runs `bicep` from
 * PATH: packages/fx-core/src/component/driver/arm/deployImpl.ts of OfficeDev/teams-toolkit, which downloads
 * https://github.com/Azure/bicep/releases/download/<bicepCliVersion>/bicep-<os>-x64).
 *
 * A Bicep release knows the resource types of the Azure.Bicep.Types.Az package it ships. v0.9.1 (2022-08-01, types
 * 0.2.34) predates every API version infra/ uses: its build warns that the types are unknown and checks nothing. The
 * pinned release is checked against Azure/bicep and Azure/bicep-types-az (read 2026-12-04):
 * - Azure/bicep tag v0.46.1 (2026-07-30), src/Directory.Packages.props: Azure.Bicep.Types.Az 0.2.896 (bumped that day);
 * - Azure/bicep-types-az, generated/<provider>/<namespace>/<version>/types.md at the last commit before that release,
 *   lists each resource type below (added 2023-01-15 for botservice 2022-09-15, 2023-03-21 for web 2022-09-01,
 *   2024-10-31 for postgresql 2024-08-01; generated/msi/microsoft.managedidentity/2023-01-31/types.md for the bot's
 *   user-assigned identity, with later versions 2024-11-30 and 2025-* beside it).
 * The monitoring types (infra/monitoring*.bicep), checked the same way at Azure/bicep-types-az 12754498 (2026-07-29,
 * the last commit before v0.46.1): generated/applicationinsights/microsoft.insights/2020-02-02 (components, added
 * 2021-07-13) and 2022-06-15 (webtests, 2022-07-29); generated/operationalinsights/microsoft.operationalinsights/
 * 2023-09-01 (workspaces, 2024-01-31); generated/monitor_1/microsoft.insights/ (moved there from generated/monitor/
 * on 2026-06-01) 2018-03-01 (metricAlerts, 2020-12-10), 2021-05-01-preview (diagnosticSettings, 2021-07-13),
 * 2023-01-01 (actionGroups, 2023-03-02) and 2023-12-01 (scheduledQueryRules, 2024-05-03).
 * A new API version in infra/ fails here until it is checked the same way (and the pin raised if needed).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { at, PROJECT_FILES, readProject, readText } from './helpers';

const BICEP_RELEASE = 'v0.46.1';

/** Resource types with API versions that the pinned release has types for (see the module comment). */
const CHECKED_TYPES = new Set([
  'Microsoft.BotService/botServices@2022-09-15',
  'Microsoft.BotService/botServices/channels@2022-09-15',
  'Microsoft.BotService/botServices/connections@2022-09-15',
  'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01',
  'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31',
  'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2024-08-01',
  'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01',
  'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01',
  'Microsoft.Insights/actionGroups@2023-01-01',
  'Microsoft.Insights/components@2020-02-02',
  'Microsoft.Insights/diagnosticSettings@2021-05-01-preview',
  'Microsoft.Insights/metricAlerts@2018-03-01',
  'Microsoft.Insights/scheduledQueryRules@2023-12-01',
  'Microsoft.Insights/webtests@2022-06-15',
  'Microsoft.OperationalInsights/workspaces@2023-09-01',
  'Microsoft.Web/serverfarms@2022-09-01',
  'Microsoft.Web/sites@2022-09-01',
]);

function bicepFiles(dir: string): string[] {
  return readdirSync(at(dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? bicepFiles(join(dir, e.name)) : e.name.endsWith('.bicep') ? [join(dir, e.name)] : [],
  );
}

describe.each(Object.entries(PROJECT_FILES))('%s (%s): the Bicep CLI', (_env, file) => {
  it(`is pinned to ${BICEP_RELEASE}, a current release with types for every API version in infra/ (not the 2022 v0.9.1)`, () => {
    const deploy = (readProject(file).provision ?? []).find((s) => s.uses === 'arm/deploy');
    const version = String(deploy?.with?.bicepCliVersion ?? '');
    expect(version).toBe(BICEP_RELEASE);
  });
});

describe('infra/', () => {
  it('uses only resource API versions that the pinned Bicep release has types for', () => {
    const used = new Set(
      bicepFiles('infra').flatMap((f) => [...readText(f).matchAll(/resource \w+ '([^']+@[^']+)'/g)].map((m) => m[1])),
    );
    expect(used.size).toBeGreaterThan(0);
    expect([...used].filter((t) => !CHECKED_TYPES.has(t)).sort()).toEqual([]);
  });
});
