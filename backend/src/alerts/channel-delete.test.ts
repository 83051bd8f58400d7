import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrg, keyFor, testApp } from '../testing/app.js';
import { createTestDatabase, type TestDatabase } from '../testing/db.js';

/** Deleting a notification channel over the real database: rules are never left routing nowhere, history stays. */
describe('deleting a notification channel (real database)', () => {
  let t: TestDatabase;
  let app: ReturnType<typeof testApp>['app'];
  let org: string;
  let editor: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    org = await createOrg(t.db, 'Channel Delete');
    editor = await keyFor(t.db, org, 'editor');
    ({ app } = testApp(t.db));
  }, 60_000);
  afterAll(async () => t?.drop());

  const call = (method: string, path: string, body?: unknown) =>
    app.request(path, { method, headers: bearer(editor), body: body === undefined ? undefined : JSON.stringify(body) });
  const channel = async (name: string) =>
    ((await (await call('POST', '/api/v1/notification-channels', { name, type: 'alertmanager', config: { url: 'http://127.0.0.1:9/' } })).json()) as { id: string }).id;
  const rule = async (name: string, routes: { channel_id: string; after_minutes?: number }[]) =>
    ((await (await call('POST', '/api/v1/alert-rules', { name, kind: 'cost_threshold', condition: { period: 'daily', threshold: 100 }, routes })).json()) as { id: string }).id;
  const notification = async (channelId: string, status: string) =>
    t.db.query(
      `INSERT INTO alert_notifications (organization_id, channel_id, channel_type, channel_target, idempotency_key, status)
       VALUES ($1, $2, 'alertmanager', 'http://127.0.0.1:9/', $3, $4)`,
      [org, channelId, `k-${Math.random().toString(36).slice(2)}`, status],
    );

  it('refuses while rules route to it, naming them; force takes it out of their routes', async () => {
    const doomed = await channel('doomed');
    const kept = await channel('kept');
    const both = await rule('Routes to both', [{ channel_id: doomed }, { channel_id: kept, after_minutes: 30 }]);
    const only = await rule('Routes to doomed only', [{ channel_id: doomed }]);
    const unrelated = await rule('Routes elsewhere', [{ channel_id: kept }]);

    const refused = await call('DELETE', `/api/v1/notification-channels/${doomed}`);
    expect(refused.status).toBe(409);
    const err = ((await refused.json()) as { error: { message: string; field: string } }).error;
    expect(err.field).toBe('id');
    expect(err.message).toContain('"Routes to both"');
    expect(err.message).toContain('"Routes to doomed only"');
    expect(err.message).not.toContain('Routes elsewhere');
    expect((await call('GET', `/api/v1/notification-channels`)).status).toBe(200);

    const bad = await call('DELETE', `/api/v1/notification-channels/${doomed}?force=yes`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { field: string } }).error.field).toBe('force');

    const forced = await call('DELETE', `/api/v1/notification-channels/${doomed}?force=true`);
    expect(forced.status).toBe(200);
    const summary = (await forced.json()) as { rulesUnrouted: { id: string }[] };
    expect(summary.rulesUnrouted.map((r) => r.id).sort()).toEqual([both, only].sort());
    const routes = async (id: string) => ((await (await call('GET', `/api/v1/alert-rules/${id}`)).json()) as { routes: unknown[] }).routes;
    expect(await routes(both)).toEqual([{ channel_id: kept, after_minutes: 30 }]);
    expect(await routes(only)).toEqual([]);
    expect(await routes(unrelated)).toEqual([{ channel_id: kept, after_minutes: 0 }]);
    expect((await call('DELETE', `/api/v1/notification-channels/${doomed}`)).status).toBe(404);
  });

  it('keeps delivery history and closes what it had not delivered', async () => {
    const ch = await channel('with history');
    await notification(ch, 'sent');
    await notification(ch, 'pending');
    await notification(ch, 'failed');
    const res = await call('DELETE', `/api/v1/notification-channels/${ch}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { notificationsCancelled: number }).notificationsCancelled).toBe(2);
    const { rows } = await t.db.query<{ status: string; channel_id: string | null; last_error: string | null }>(
      `SELECT status, channel_id, last_error FROM alert_notifications WHERE organization_id = $1 AND channel_target = 'http://127.0.0.1:9/' ORDER BY status`,
      [org],
    );
    expect(rows).toEqual([
      { status: 'dead', channel_id: null, last_error: 'channel deleted' },
      { status: 'dead', channel_id: null, last_error: 'channel deleted' },
      { status: 'sent', channel_id: null, last_error: null },
    ]);
  });
});
