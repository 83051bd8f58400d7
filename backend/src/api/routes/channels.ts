import { z } from 'zod';
import { channelInputSchema, deleteChannel, getChannel, listChannels, publicChannel, saveChannel, sendChannelTest } from '../../alerts/index.js';
import { parseOrThrow } from '../../domain/validation.js';
import type { Queryable } from '../../store/queryable.js';
import type { ApiDeps } from '../context.js';
import { principalOf, readJson, type RouteDef } from '../route.js';

const EXAMPLE_CHANNEL = { name: 'FinOps webhook', type: 'webhook', config: { url: 'https://hooks.example.com/costwatch' }, secret: 'a-long-shared-secret-for-hmac' };

export async function channelFixture(db: Queryable, organizationId: string): Promise<Record<string, string>> {
  const input = channelInputSchema.parse({ name: `fixture ${Math.random().toString(36).slice(2, 8)}`, type: 'alertmanager', config: { url: 'http://127.0.0.1:9/' } });
  return { id: (await saveChannel(db, organizationId, input)).id };
}

const idParam = z.object({ id: z.uuid() });
const deleteQuery = z.object({ force: z.enum(['true', 'false']).default('false').transform((v) => v === 'true') });

export function channelRoutes(deps: ApiDeps): RouteDef[] {
  const id = (c: { req: { param(k: string): string | undefined } }) => parseOrThrow(idParam, { id: c.req.param('id') }).id;
  return [
    {
      method: 'GET', path: '/api/v1/notification-channels', permission: 'alerts:read', summary: 'Notification channels (secrets never returned)',
      handler: async (c) => c.json({ channels: (await listChannels(deps.db, principalOf(c).organizationId)).map(publicChannel) }),
    },
    {
      method: 'POST', path: '/api/v1/notification-channels', permission: 'alerts:write', summary: 'Create a channel: alertmanager, webhook, slack or email', exampleBody: EXAMPLE_CHANNEL,
      handler: async (c) => {
        const input = parseOrThrow(channelInputSchema, await readJson(c));
        return c.json(publicChannel(await saveChannel(deps.db, principalOf(c).organizationId, input)), 201);
      },
    },
    {
      method: 'GET', path: '/api/v1/notification-channels/:id', permission: 'alerts:read', summary: 'One notification channel', fixture: channelFixture,
      handler: async (c) => c.json(publicChannel(await getChannel(deps.db, principalOf(c).organizationId, id(c)))),
    },
    {
      method: 'PUT', path: '/api/v1/notification-channels/:id', permission: 'alerts:write', summary: 'Replace a channel (omit secret to keep the stored one)', fixture: channelFixture, exampleBody: EXAMPLE_CHANNEL,
      handler: async (c) => {
        const channelId = id(c);
        const orgId = principalOf(c).organizationId;
        await getChannel(deps.db, orgId, channelId);
        const input = parseOrThrow(channelInputSchema, await readJson(c));
        return c.json(publicChannel(await saveChannel(deps.db, orgId, input, channelId)));
      },
    },
    {
      method: 'DELETE', path: '/api/v1/notification-channels/:id', permission: 'alerts:write', fixture: channelFixture,
      summary: 'Delete a channel: 409 naming the rules that still route to it, unless force=true takes it out of their routes; delivery history stays',
      handler: async (c) => {
        const channelId = id(c);
        const { force } = parseOrThrow(deleteQuery, { force: c.req.query('force') });
        const result = await deps.db.transaction((tx) => deleteChannel(tx, principalOf(c).organizationId, channelId, { force }));
        return c.json({ id: channelId, ...result });
      },
    },
    {
      method: 'POST', path: '/api/v1/notification-channels/:id/test', permission: 'alerts:write', summary: 'Send a test notification through the channel now', fixture: channelFixture, exampleBody: {},
      handler: async (c) => {
        const orgId = principalOf(c).organizationId;
        const channel = await getChannel(deps.db, orgId, id(c));
        return c.json(await sendChannelTest(deps.db, orgId, channel, { now: deps.now?.() ?? new Date(), dashboardUrl: deps.config.alerts?.dashboardUrl }));
      },
    },
  ];
}
