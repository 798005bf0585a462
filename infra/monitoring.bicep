// Where the bot's telemetry is kept and what raises an alert (docs/operations.md).
//   - a Log Analytics workspace (retention: a parameter) and a workspace-based Application Insights resource
//     whose connection string the web app gets (APPLICATIONINSIGHTS_CONNECTION_STRING): the bot's spans land in
//     AppRequests / AppDependencies, its metrics in AppMetrics (telemetry contract, docs/operations.md)
//   - an action group mailing ALERT_EMAIL (none with 'none': alerts then show in the Azure portal only)
//   - one log search alert per signal, its KQL in infra/alerts/<name>.kql, its runbook in docs/operations.md
// Deployed before the web app (which needs the connection string); what needs the web app (its diagnostic
// setting, the availability tests) is in monitoring-site.bicep.

param baseName string
param location string

@minValue(30)
@maxValue(730)
@description('Days the workspace keeps every table (the bot\'s traces, metrics and App Service logs).')
param retentionInDays int

@description('Addresses separated by commas, or \'none\'.')
param alertEmail string

var emails = toLower(trim(alertEmail)) == 'none' ? [] : filter(split(replace(alertEmail, ' ', ''), ','), e => !empty(e))

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${baseName}-logs'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
    features: {
      // Who may read the web app's resource may read its logs in the workspace, and no more.
      enableLogAccessUsingOnlyResourcePermissions: true
    }
  }
}

// Workspace-based: everything it receives is stored in the workspace above, in the App* tables.
resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${baseName}-ai'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
  }
}

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = if (!empty(emails)) {
  name: '${baseName}-alerts'
  location: 'global'
  properties: {
    groupShortName: 'intunera-bot'
    enabled: true
    emailReceivers: [for (email, i) in emails: {
      name: 'mail-${i}'
      emailAddress: email
      useCommonAlertSchema: true
    }]
  }
}

var actionGroupIds = empty(emails) ? [] : [actionGroup.id]

// The log search alerts: a rule fires when its query returns a row (the threshold is in the query, where
// docs/operations.md quotes it). window = the time range the query sees, unless range overrides it.
var logAlerts = [
  {
    name: 'operations-failing'
    title: 'Operations failing'
    severity: 2
    frequency: 'PT15M'
    window: 'PT1H'
    range: ''
    query: loadTextContent('alerts/operations-failing.kql')
  }
  {
    name: 'operations-unknown'
    title: 'Operations left unknown'
    severity: 2
    frequency: 'PT15M'
    window: 'PT1H'
    range: ''
    query: loadTextContent('alerts/operations-unknown.kql')
  }
  {
    name: 'graph-throttled'
    title: 'Graph throttles the bot'
    severity: 3
    frequency: 'PT5M'
    window: 'PT15M'
    range: ''
    query: loadTextContent('alerts/graph-throttled.kql')
  }
  {
    name: 'graph-auth-storm'
    title: 'Graph refuses the bot (401/403)'
    severity: 1
    frequency: 'PT5M'
    window: 'PT15M'
    range: ''
    query: loadTextContent('alerts/graph-auth-storm.kql')
  }
  {
    name: 'watch-not-polling'
    title: 'The watch is not polling'
    severity: 2
    frequency: 'PT10M'
    window: 'PT30M'
    range: 'P1D'
    query: loadTextContent('alerts/watch-not-polling.kql')
  }
  {
    name: 'messages-5xx'
    title: '5xx from /api/messages'
    severity: 1
    frequency: 'PT5M'
    window: 'PT15M'
    range: ''
    query: loadTextContent('alerts/messages-5xx.kql')
  }
  {
    name: 'credential-expiring'
    title: 'The bot\'s credential expires within 30 days'
    severity: 2
    frequency: 'PT6H'
    window: 'PT6H'
    range: ''
    query: loadTextContent('alerts/credential-expiring.kql')
  }
]

resource logAlert 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [for a in logAlerts: {
  name: '${baseName}-${a.name}'
  location: location
  kind: 'LogAlert'
  properties: {
    displayName: '${a.title} (${baseName})'
    description: 'What it means and what to do: docs/operations.md#alert-${a.name}'
    severity: a.severity
    enabled: true
    scopes: [
      workspace.id
    ]
    evaluationFrequency: a.frequency
    windowSize: a.window
    overrideQueryTimeRange: empty(a.range) ? null : a.range
    criteria: {
      allOf: [
        {
          query: a.query
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    // The App* and AppService* tables appear in a new workspace only when their first rows arrive; the
    // columns are checked offline against Microsoft's table reference (test/app-package/monitoring.test.ts).
    skipQueryValidation: true
    actions: {
      actionGroups: actionGroupIds
    }
  }
}]

output connectionString string = appInsights.properties.ConnectionString
output appInsightsId string = appInsights.id
output workspaceId string = workspace.id
// The workspace's id for queries (az monitor log-analytics query --workspace <id>).
output workspaceCustomerId string = workspace.properties.customerId
output actionGroupIds array = actionGroupIds
