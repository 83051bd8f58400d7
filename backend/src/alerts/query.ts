import { z } from 'zod';
import { parseIsoDate } from '../domain/time.js';
import type { FrameDTO } from '../query/frames.js';
import type { QueryHandler } from '../query/registry.js';
import { listAlerts } from './history.js';

/**
 * Query type `alerts`: the alerts active during the range as a table frame, and the same as an
 * annotation frame (time, timeEnd, title, text, tags) so dashboards can overlay alert periods.
 */
// Loose: the envelope's refId, type and hide pass through to the query layer.
const schema = z.looseObject({
  format: z.enum(['both', 'table', 'annotations']).default('both'),
  status: z.array(z.enum(['pending', 'firing', 'acknowledged', 'resolved'])).max(4).default([]),
  ruleId: z.uuid().optional(),
});

const ms = (v: string | Date | null) => (v === null ? null : new Date(v).getTime());

export const alertsQueryHandler: QueryHandler<typeof schema> = {
  type: 'alerts',
  schema,
  cacheable: false,
  async execute(ctx, q, range) {
    const rows = await listAlerts(ctx.db, ctx.organizationId, { status: q.status, ruleId: q.ruleId, from: parseIsoDate(range.from), to: parseIsoDate(range.to), limit: 1000 });
    const frames: FrameDTO[] = [];
    if (q.format !== 'annotations') {
      frames.push({
        name: 'alerts',
        meta: { preferredVisualisationType: 'table' },
        fields: [
          { name: 'time', type: 'time', values: rows.map((r) => ms(r.fired_at ?? r.started_at)) },
          { name: 'timeEnd', type: 'time', values: rows.map((r) => ms(r.resolved_at)) },
          { name: 'rule', type: 'string', values: rows.map((r) => r.title) },
          { name: 'status', type: 'string', values: rows.map((r) => r.status) },
          { name: 'severity', type: 'string', values: rows.map((r) => r.severity) },
          { name: 'value', type: 'number', values: rows.map((r) => (r.value === null ? null : Number(r.value))) },
          { name: 'summary', type: 'string', values: rows.map((r) => String(r.annotations?.summary ?? '')) },
          { name: 'id', type: 'string', values: rows.map((r) => r.id) },
        ],
      });
    }
    if (q.format !== 'table') {
      frames.push({
        name: 'alert annotations',
        meta: { dataTopic: 'annotations' },
        fields: [
          { name: 'time', type: 'time', values: rows.map((r) => ms(r.fired_at ?? r.started_at)) },
          { name: 'timeEnd', type: 'time', values: rows.map((r) => ms(r.resolved_at) ?? ms(r.fired_at ?? r.started_at)) },
          { name: 'title', type: 'string', values: rows.map((r) => `${r.severity.toUpperCase()}: ${r.title}`) },
          { name: 'text', type: 'string', values: rows.map((r) => `${r.status}. ${String(r.annotations?.summary ?? '')}`) },
          { name: 'tags', type: 'other', values: rows.map((r) => ['costwatch', 'alert', r.severity, r.status]) },
        ],
      });
    }
    return frames;
  },
};
