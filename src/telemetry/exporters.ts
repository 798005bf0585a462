/**
 * The exporters for the chosen destination, loaded only when chosen (require at call time): with telemetry off,
 * neither the Azure Monitor exporter nor the OTLP one is loaded.
 *
 * Azure Monitor: @azure/monitor-opentelemetry-exporter 1.0.0-beta.42, the newest whose engines allow Node 20 (beta.43+
 * and the distro @azure/monitor-opentelemetry 1.16+ need Node 22). It posts envelopes (JSON, no gzip) to
 * `${IngestionEndpoint}/v2.1/track` through @azure/core-rest-pipeline; the pipeline takes `tlsOptions.ca`, which is how
 * a private CA (the simulator's, TRUSTED_CA_FILE) is trusted. It refuses plain http (it rewrites it to https).
 * OTLP: exporter-*-otlp-http 0.223.0, JSON over HTTP(S) to `${endpoint}/v1/traces` and `/v1/metrics`
 * (OTEL_EXPORTER_OTLP_HEADERS is read by the exporter itself).
 */
import { rootCertificates } from 'node:tls';
import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { TelemetryConfig } from './config';

export interface Exporters {
  spans: SpanExporter;
  metrics: PushMetricExporter;
}

/** `ca`: extra CA certificates (PEM) to trust besides the public ones, e.g. the simulator's. */
export function createExporters(config: TelemetryConfig, ca?: string): Exporters | undefined {
  switch (config.exporter) {
    case 'azure-monitor': {
      const { AzureMonitorTraceExporter, AzureMonitorMetricExporter } =
        require('@azure/monitor-opentelemetry-exporter') as typeof import('@azure/monitor-opentelemetry-exporter');
      const options = {
        connectionString: config.connectionString,
        ...(ca ? { tlsOptions: { ca: [...rootCertificates, ca] } } : {}),
      };
      return { spans: new AzureMonitorTraceExporter(options), metrics: new AzureMonitorMetricExporter(options) };
    }
    case 'otlp': {
      const { OTLPTraceExporter } =
        require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
      const { OTLPMetricExporter } =
        require('@opentelemetry/exporter-metrics-otlp-http') as typeof import('@opentelemetry/exporter-metrics-otlp-http');
      const agent =
        ca && config.otlpEndpoint?.startsWith('https:') ? { httpAgentOptions: { ca: [...rootCertificates, ca] } } : {};
      return {
        spans: new OTLPTraceExporter({ url: `${config.otlpEndpoint}/v1/traces`, ...agent }),
        metrics: new OTLPMetricExporter({ url: `${config.otlpEndpoint}/v1/metrics`, ...agent }),
      };
    }
    case 'none':
      return undefined;
  }
}
