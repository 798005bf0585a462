// What of the monitoring needs the web app to exist (deployed after it; monitoring.bicep has the rest):
//   - its diagnostic setting: App Service's HTTP, console (the bot's JSON lines on stdout), app and platform
//     logs into the workspace (tables AppServiceHTTPLogs, AppServiceConsoleLogs, AppServiceAppLogs,
//     AppServicePlatformLogs)
//   - a standard availability test each for /healthz and /readyz, from five locations, and the metric alert
//     Microsoft documents for them: X of Y locations failing, X = locations - 2
//     (https://learn.microsoft.com/azure/azure-monitor/app/availability, "Availability alerts")

param baseName string
param location string
param siteName string
param hostName string
param workspaceId string
param appInsightsId string
param actionGroupIds array

@description('Seconds between two runs of an availability test, per location (Microsoft\'s default: 300).')
param availabilityTestFrequency int = 300

resource site 'Microsoft.Web/sites@2022-09-01' existing = {
  name: siteName
}

// The categories of Microsoft.Web/sites (https://learn.microsoft.com/azure/azure-monitor/reference/supported-logs/microsoft-web-sites-logs).
// AppServiceAppLogs stays empty for Node.js on Linux: the bot's lines are console output (AppServiceConsoleLogs).
var siteLogCategories = [
  'AppServiceHTTPLogs'
  'AppServiceConsoleLogs'
  'AppServiceAppLogs'
  'AppServicePlatformLogs'
]

resource siteLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: site
  properties: {
    workspaceId: workspaceId
    logs: [for category in siteLogCategories: {
      category: category
      enabled: true
    }]
  }
}

// Population names from the "Location population tags" table of the page above: East US, West US, West Europe,
// North Europe, Southeast Asia. Microsoft recommends five locations at least.
var testLocations = [
  { Id: 'us-va-ash-azr' }
  { Id: 'us-ca-sjc-azr' }
  { Id: 'emea-nl-ams-azr' }
  { Id: 'emea-gb-db3-azr' }
  { Id: 'apac-sg-sin-azr' }
]
var failedLocationCount = length(testLocations) - 2

var probes = [
  {
    name: 'healthz'
    path: '/healthz'
    what: 'the process answers'
  }
  {
    name: 'readyz'
    path: '/readyz'
    what: 'the bot can serve (its store answers)'
  }
]

resource availabilityTest 'Microsoft.Insights/webtests@2022-06-15' = [for p in probes: {
  name: '${baseName}-${p.name}'
  location: location
  kind: 'standard'
  // Links the test to the Application Insights resource (its Availability page, its results table).
  tags: {
    'hidden-link:${appInsightsId}': 'Resource'
  }
  properties: {
    SyntheticMonitorId: '${baseName}-${p.name}'
    Name: '${p.name} (${baseName})'
    Description: 'GET https://${hostName}${p.path} answers 200: ${p.what}. docs/operations.md#alert-${p.name}-failing'
    Enabled: true
    Kind: 'standard'
    Frequency: availabilityTestFrequency
    Timeout: 30
    RetryEnabled: true
    Locations: testLocations
    Request: {
      RequestUrl: 'https://${hostName}${p.path}'
      HttpVerb: 'GET'
      ParseDependentRequests: false
      FollowRedirects: false
    }
    ValidationRules: {
      ExpectedHttpStatusCode: 200
      SSLCheck: true
      SSLCertRemainingLifetimeCheck: 7
    }
  }
}]

resource availabilityAlert 'Microsoft.Insights/metricAlerts@2018-03-01' = [for (p, i) in probes: {
  name: '${baseName}-${p.name}-failing'
  location: 'global'
  tags: {
    'hidden-link:${appInsightsId}': 'Resource'
    'hidden-link:${availabilityTest[i].id}': 'Resource'
  }
  properties: {
    description: 'GET ${p.path} fails from ${failedLocationCount} of ${length(testLocations)} locations. What to do: docs/operations.md#alert-${p.name}-failing'
    severity: 1
    enabled: true
    scopes: [
      availabilityTest[i].id
      appInsightsId
    ]
    evaluationFrequency: 'PT1M'
    windowSize: 'PT5M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.WebtestLocationAvailabilityCriteria'
      webTestId: availabilityTest[i].id
      componentId: appInsightsId
      failedLocationCount: failedLocationCount
    }
    actions: map(actionGroupIds, g => { actionGroupId: g })
  }
}]
