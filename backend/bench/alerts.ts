/**
 * npm run bench:alerts — 10,000 alert rules over 1,000 daily cost series (20 accounts x 50
 * services, 400 days) in PostgreSQL: time per evaluation cycle (first cycle creates the
 * alerts, later cycles are steady state) and notifications per second delivered through the
 * outbox to a local webhook receiver. References measured in the same run: one plain SQL scan
 * of the rows a cycle reads, and bare signed POSTs to the same receiver at the same concurrency.
 * Env: BENCH_DATABASE_URL (admin connection, default local postgres), BENCH_RULES (10000),
 * BENCH_CYCLES (3).
 */
import { freshDatabase, median } from './lib.js';
import { channelInputSchema, evaluateAlerts, Outbox, saveChannel, sign } from '../src/alerts/index.js';
import { HttpReceiver } from '../src/alerts/testing/receivers.js';
import { Cache, createMemoryStore } from '../src/cache/index.js';
import { addDays, todayUtc } from '../src/domain/time.js';
import { createPgDatabase } from '../src/store/pg.js';
import { migrate } from '../src/store/index.js';

const admin = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const RULES = Number(process.env.BENCH_RULES ?? 10_000);
const CYCLES = Number(process.env.BENCH_CYCLES ?? 3);
const DB = 'costwatch_bench_alerts';
const ACCOUNTS = 20;
const SERVICES = 50;
const DAYS = 400;
const SECRET = 'bench-secret-0123456789abcdef';

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

/** A deterministic mix of every cost kind, each scoped to one series, an account or the organization. */
function ruleFor(i: number, budgets: string[], channelId: string) {
  const acct = `1000000000${String(i % ACCOUNTS).padStart(2, '0')}`;
  const svc = `Service ${(i * 7) % SERVICES}`;
  const scope = i % 10 === 0 ? { accounts: [acct] } : i % 97 === 0 ? {} : { accounts: [acct], services: [svc] };
  const k = i % 10;
  const [kind, condition] =
    k < 3 ? ['cost_threshold', { period: ['daily', 'month_to_date', 'window'][i % 3], window_days: 7, threshold: 50 + (i % 50) * 40 }]
    : k < 7 ? ['change', { window_days: [1, 7][i % 2], compare_to: ['previous_period', 'last_week', 'last_month', 'last_year'][i % 4], mode: i % 3 ? 'percent' : 'absolute', threshold: 5 + (i % 40) }]
    : k < 9 ? ['forecast', { threshold: 500 + (i % 100) * 50 }]
    : ['budget', { budget_id: budgets[i % budgets.length], basis: i % 2 ? 'forecast' : 'actual', threshold_pct: 80 + (i % 40) }];
  const routes = i % 10 === 0 ? [{ channel_id: channelId, after_minutes: 0 }] : [];
  return { name: `bench rule ${i}`, kind, scope, condition, routes };
}

async function main() {
  const url = await freshDatabase(admin, DB);
  const db = createPgDatabase(url, 4);
  await migrate(db);
  const today = todayUtc();
  const org = (await db.query<{ id: string }>("INSERT INTO organizations (name, slug) VALUES ('Bench', 'bench') RETURNING id")).rows[0]!.id;
  let t0 = process.hrtime.bigint();
  await db.query(
    `INSERT INTO cost_daily_rollup (organization_id, usage_date, account_id, service, region, currency, unblended_cost, amortized_cost, net_unblended_cost, net_amortized_cost)
     SELECT $1, d::date, '1000000000' || lpad(a::text, 2, '0'), 'Service ' || s, 'us-east-1', 'USD', v, v, v, v
       FROM generate_series($2::date, $3::date, interval '1 day') d, generate_series(0, $4 - 1) a, generate_series(0, $5 - 1) s,
            LATERAL (SELECT round((5 + (a + s) % 17 + 3 * random())::numeric, 6) AS v) x`,
    [org, addDays(today, -DAYS), addDays(today, -1), ACCOUNTS, SERVICES],
  );
  process.stdout.write(`seeded ${ACCOUNTS * SERVICES} series x ${DAYS} days in ${(ms(t0) / 1000).toFixed(1)} s\n`);

  const receiver = new HttpReceiver(SECRET);
  await receiver.up();
  const channelId = (await saveChannel(db, org, channelInputSchema.parse({ name: 'bench hook', type: 'webhook', config: { url: receiver.url('/hook') }, secret: SECRET }))).id;
  // Above the API's maximum on purpose: the bench measures delivery, not the limiter.
  await db.query('UPDATE notification_channels SET rate_limit_per_minute = 1000000 WHERE id = $1', [channelId]);
  const budgets: string[] = [];
  for (let b = 0; b < 10; b++) {
    budgets.push((await db.query<{ id: string }>(
      `INSERT INTO budgets (organization_id, name, period, amount, scope) VALUES ($1, $2, $3, $4, $5::jsonb) RETURNING id`,
      [org, `budget ${b}`, ['monthly', 'quarterly', 'annual'][b % 3], 2000 * (b + 1), JSON.stringify({ accounts: [`1000000000${String(b).padStart(2, '0')}`] })],
    )).rows[0]!.id);
  }
  const rules = Array.from({ length: RULES }, (_, i) => ruleFor(i, budgets, channelId));
  await db.query(
    `INSERT INTO alert_rules (organization_id, name, kind, scope, condition, routes)
     SELECT $1, u.name, u.kind, u.scope, u.condition, u.routes FROM unnest($2::text[], $3::text[], $4::jsonb[], $5::jsonb[], $6::jsonb[]) AS u(name, kind, scope, condition, routes)`,
    [org, rules.map((r) => r.name), rules.map((r) => r.kind), rules.map((r) => JSON.stringify(r.scope)), rules.map((r) => JSON.stringify(r.condition)), rules.map((r) => JSON.stringify(r.routes))],
  );

  // Reference: one plain scan of every rollup row a cycle reads (the I/O floor of a cycle).
  const refs: number[] = [];
  for (let i = 0; i < 3; i++) {
    t0 = process.hrtime.bigint();
    await db.query(
      `SELECT account_id, service, region, usage_date::text, unblended_cost::text FROM cost_daily_rollup WHERE organization_id = $1 AND usage_date >= $2::date`,
      [org, addDays(today, -DAYS)],
    );
    refs.push(ms(t0));
  }

  // As in the worker: budget forecasts come through the L2 cache, not a refit every cycle.
  const cache = new Cache(createMemoryStore(5000), { query: 300, compute: 3600, reference: 86400 });
  const cycles: { ms: number; firing: number; transitions: number; notifications: number }[] = [];
  for (let i = 0; i < CYCLES + 1; i++) {
    t0 = process.hrtime.bigint();
    const r = await evaluateAlerts(db, { organizationId: org, cache });
    cycles.push({ ms: ms(t0), firing: r.firing, transitions: r.transitions, notifications: r.notifications });
    const tm = Object.entries(r.timings).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ');
    process.stdout.write(`cycle ${i + 1}: ${cycles.at(-1)!.ms.toFixed(0)} ms (${tm})\n`);
  }
  const steady = median(cycles.slice(1).map((c) => c.ms));

  const pending = Number((await db.query<{ n: string }>("SELECT count(*) AS n FROM alert_notifications WHERE status = 'pending'")).rows[0]!.n);
  t0 = process.hrtime.bigint();
  const drained = await new Outbox(db, { batch: 100 }).drain();
  const deliverMs = ms(t0);
  const perSecond = (drained.sent / deliverMs) * 1000;

  // Reference: the same number of signed POSTs straight to the receiver, 100 at a time.
  const n = Math.max(drained.sent, 100);
  t0 = process.hrtime.bigint();
  for (let done = 0; done < n; done += 100) {
    await Promise.all(
      Array.from({ length: Math.min(100, n - done) }, async (_, j) => {
        const body = JSON.stringify({ ref: done + j });
        const ts = String(Math.floor(Date.now() / 1000));
        const res = await fetch(receiver.url('/hook'), { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-costwatch-timestamp': ts, 'x-costwatch-signature': sign(SECRET, ts, body) } });
        await res.arrayBuffer();
      }),
    );
  }
  const barePerSecond = (n / ms(t0)) * 1000;
  await receiver.down();
  await db.close();

  const out = [
    `rules: ${RULES} over ${ACCOUNTS * SERVICES} series (${DAYS} days), PostgreSQL`,
    `evaluation cycle, first (creates alerts): ${cycles[0]!.ms.toFixed(0)} ms, ${cycles[0]!.transitions} transitions, ${cycles[0]!.notifications} notifications queued`,
    `evaluation cycle, steady state (median of ${CYCLES}): ${steady.toFixed(0)} ms, ${cycles.at(-1)!.firing} firing (target <= 2000 ms)`,
    `reference: plain SQL scan of the same rows: ${median(refs).toFixed(0)} ms -> cycle / scan = ${(steady / median(refs)).toFixed(2)}`,
    `delivery: ${drained.sent} of ${pending} notifications in ${deliverMs.toFixed(0)} ms = ${perSecond.toFixed(0)} notifications/s (outbox rows, HMAC, attempt log)`,
    `reference: bare signed POSTs to the same receiver: ${barePerSecond.toFixed(0)} /s -> outbox / bare = ${(perSecond / barePerSecond).toFixed(2)}`,
  ];
  process.stdout.write(out.join('\n') + '\n');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
