import { createHmac } from 'node:crypto';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { type Check, must } from './check';
import { startReceiver } from './receiver';

const WAIT = { timeout: 60_000 };
const RULE = 'Browser check daily spend';
const CHANNEL = 'Browser check receiver';
const SECRET = 'browser-check-shared-secret-0123456789';

interface Preview {
  days: Array<{ date: string; value: number; firing: boolean }>;
  fired: string[];
}

/**
 * The Alert rules page against the real backend: create a rule in the form, preview it (the
 * page must show the days the backend computes), edit its threshold, and test-send to a webhook
 * channel whose URL is a receiver this check runs, which must get the signed POST.
 * The channel is created through the API (editor key) so the flow tests rules, not the channel form (RTL covers that).
 */
export function alertRulesCheck(backend: { url: string; token: string }, shots: string): Check {
  const api = async <T>(method: string, p: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${backend.url}${p}`, {
      method,
      headers: { Authorization: `Bearer ${backend.token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    must(res.ok, `${method} ${p}: HTTP ${res.status} ${text.slice(0, 200)}`);
    return JSON.parse(text) as T;
  };
  const preview = (threshold: number) =>
    api<Preview>('POST', '/api/v1/alert-rules/preview', { name: RULE, kind: 'cost_threshold', condition: { period: 'daily', threshold } });
  const condition = (threshold: number) => JSON.stringify({ period: 'daily', threshold });

  return {
    name: 'alert-rules',
    async run(page: Page) {
      const receiver = await startReceiver();
      try {
        const channel = await api<{ id: string }>('POST', '/api/v1/notification-channels', { name: CHANNEL, type: 'webhook', config: { url: `${receiver.url}/hook` }, secret: SECRET });
        // A threshold at the median demo day fires on some days and not others; one above the
        // highest day fires on none, so the edit visibly changes the preview and the row.
        const values = (await preview(0)).days.map((d) => d.value).sort((a, b) => a - b);
        const threshold = Math.round(values[Math.floor(values.length / 2)]!);
        const raised = Math.ceil(values[values.length - 1]!) + 1;
        const expected = await preview(threshold);
        must(expected.fired.length > 0 && expected.fired.length < expected.days.length, `threshold ${threshold} should fire on some days, backend says ${expected.fired.length}`);
        await page.reload(); // the page lists channels when it opens: it must see the new one

        await page.getByRole('button', { name: 'New alert rule' }).click(WAIT);
        await page.getByLabel('rule name').fill(RULE);
        await page.getByLabel('condition').fill(condition(threshold));
        await page.getByLabel(`notify ${CHANNEL}`).check(WAIT);
        await page.getByRole('button', { name: 'Preview last 90 days' }).click();
        const shown = page.getByTestId('preview');
        await shown.waitFor(WAIT);
        const text = (await shown.textContent()) ?? '';
        const m = /^Would have fired on (\d+) of the last (\d+) days: (.*)$/.exec(text.trim());
        must(m !== null, `preview shows "${text}"`);
        const [, fired, days, dates] = m;
        must(Number(fired) === expected.fired.length && Number(days) === expected.days.length, `preview shows ${fired} of ${days} days, backend ${expected.fired.length} of ${expected.days.length}`);
        must(dates === expected.fired.join(', '), `preview dates differ from the backend's: ${dates!.slice(0, 80)}`);
        await page.screenshot({ path: path.join(shots, 'alert-rules-preview.png') });
        await page.getByRole('button', { name: 'Save rule' }).click();
        const row = page.getByRole('table', { name: 'alert rules' }).locator('[data-testid=row]', { hasText: RULE });
        await row.filter({ hasText: `threshold: ${threshold}` }).waitFor(WAIT);

        await page.getByRole('button', { name: `edit ${RULE}` }).click();
        must((await page.getByLabel('rule name').inputValue()) === RULE, 'edit form is not prefilled with the rule');
        must(await page.getByLabel(`notify ${CHANNEL}`).isChecked(), 'edit form lost the rule\'s channel');
        await page.getByLabel('condition').fill(condition(raised));
        await page.getByRole('button', { name: 'Preview last 90 days' }).click();
        await shown.filter({ hasText: `Would not have fired in the last ${expected.days.length} days` }).waitFor(WAIT);
        await page.getByRole('button', { name: 'Save rule' }).click();
        await row.filter({ hasText: `threshold: ${raised}` }).waitFor(WAIT);
        must((await row.count()) === 1, `${await row.count()} rows named ${RULE} after the edit (want 1)`);
        const rules = (await api<{ rules: Array<{ id: string; name: string; condition: { threshold: number }; routes: Array<{ channel_id: string }>; enabled: boolean }> }>('GET', '/api/v1/alert-rules')).rules;
        const saved = rules.find((r) => r.name === RULE);
        must(saved?.condition.threshold === raised && saved.routes[0]?.channel_id === channel.id && saved.enabled, `backend holds ${JSON.stringify(saved)}`);

        await page.getByRole('button', { name: `test ${RULE}` }).click();
        const results = page.getByTestId('test-results');
        await results.waitFor(WAIT);
        must(((await results.textContent()) ?? '').includes(`Test to ${CHANNEL}: sent`), `test send shows "${await results.textContent()}"`);
        const posts = receiver.received.filter((r) => r.method === 'POST' && r.path === '/hook');
        must(posts.length === 1, `receiver got ${posts.length} POSTs to /hook (want 1)`);
        const hit = posts[0]!;
        const body = JSON.parse(hit.body) as { event: string; rule: string; rule_id: string };
        must(body.event === 'test' && body.rule === RULE && body.rule_id === saved.id, `receiver got ${hit.body.slice(0, 200)}`);
        const ts = String(hit.headers['x-costwatch-timestamp']);
        const signed = hit.headers['x-costwatch-signature'] === `sha256=${createHmac('sha256', SECRET).update(`${ts}.${hit.body}`).digest('hex')}`;
        must(signed, 'receiver got a POST whose signature does not verify with the channel secret');
        return (
          `created "${RULE}" (daily > $${threshold}); preview shows ${fired} of ${days} days firing, as the backend computes; ` +
          `edited threshold to $${raised}: preview none of ${days}, row shows it; ` +
          `test-send: receiver ${receiver.url} got POST /hook (event test, rule "${body.rule}", signature verified)`
        );
      } finally {
        await receiver.close();
      }
    },
  };
}
