import React from 'react';
import { PluginPage } from '@grafana/runtime';
import { Stack, Text } from '@grafana/ui';
import { Card, DataTable, LoadState, useClient, useLoad } from '../../components/common';
import { cellText, columnsFor, firstAvailable, listOf } from './list';

export interface ResourcePageProps {
  title: string;
  /** REST routes to try in order (the first one the backend has wins), e.g. /api/v1/budgets. */
  paths: string[];
  description: string;
  /** Columns shown first when present; the rest of the scalar fields follow. */
  preferred: string[];
}

/**
 * A list page over one REST route. The routes (alert rules, budgets, recommendations,
 * resources) land with their own issues; until then the page says "not available yet".
 */
export function ResourcePage({ title, paths, description, preferred }: ResourcePageProps) {
  const client = useClient();
  const state = useLoad(paths.join('|'), async () => listOf(await firstAvailable(paths, (p) => client.get<unknown>(p))));
  return (
    <PluginPage>
      <Stack direction="column" gap={2}>
        <Text color="secondary">{description}</Text>
        <Card title={title} testId={`page-${paths[0]!.split('/').pop()}`}>
          <LoadState state={state} what={title}>
            {(items) => (
              <DataTable
                label={title}
                rows={items}
                empty={`No ${title.toLowerCase()} yet.`}
                columns={columnsFor(items, preferred).map((c) => ({ header: c, cell: (r: Record<string, unknown>) => cellText(r[c], c) }))}
              />
            )}
          </LoadState>
        </Card>
      </Stack>
    </PluginPage>
  );
}
