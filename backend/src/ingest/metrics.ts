import { Counter, type Registry } from 'prom-client';

/** Ingest metrics on the process registry (obs/metrics.ts); one set per registry. */
export interface IngestMetrics {
  ceRequests: Counter<'outcome'>;
  ceRequestCost: Counter;
  rows: Counter<'source' | 'kind'>;
  runs: Counter<'source' | 'status'>;
}

export const CE_REQUEST_USD = 0.01;

const byRegistry = new WeakMap<Registry, IngestMetrics>();

export function ingestMetrics(registry: Registry): IngestMetrics {
  let m = byRegistry.get(registry);
  if (m) return m;
  m = {
    ceRequests: new Counter({
      name: 'costwatch_ce_requests_total',
      help: 'Cost Explorer API requests sent (each is billed $0.01), by outcome',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    ceRequestCost: new Counter({
      name: 'costwatch_ce_request_cost_usd_total',
      help: 'Dollar cost of the Cost Explorer requests sent',
      registers: [registry],
    }),
    rows: new Counter({
      name: 'costwatch_ingest_rows_total',
      help: 'Cost rows read, rejected and written by ingestion',
      labelNames: ['source', 'kind'],
      registers: [registry],
    }),
    runs: new Counter({
      name: 'costwatch_ingest_runs_total',
      help: 'Ingest runs by source and final status',
      labelNames: ['source', 'status'],
      registers: [registry],
    }),
  };
  byRegistry.set(registry, m);
  return m;
}
