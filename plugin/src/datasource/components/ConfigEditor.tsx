import React from 'react';
import type { DataSourcePluginOptionsEditorProps } from '@grafana/data';
import { Field, Input, SecretInput, Stack, Text } from '@grafana/ui';
import type { CostwatchOptions, CostwatchSecureOptions } from '../types';

type Props = DataSourcePluginOptionsEditorProps<CostwatchOptions, CostwatchSecureOptions>;

/**
 * Backend URL in jsonData; the API token in secureJsonData, which Grafana encrypts and never
 * sends back to the browser: once saved, the field only shows "configured" and can be reset.
 */
export function ConfigEditor({ options, onOptionsChange }: Props) {
  const { jsonData, secureJsonFields } = options;
  const typedToken = options.secureJsonData?.apiToken ?? '';
  return (
    <Stack direction="column" gap={2}>
      <Text color="secondary">
        Grafana calls the CostWatch API server-side and adds the token there; browsers never see it.
      </Text>
      <Field label="Backend URL" description="Where Grafana's server reaches the CostWatch API, e.g. http://costwatch:8080">
        <Input
          id="costwatch-backend-url"
          width={60}
          placeholder="http://localhost:8080"
          value={jsonData.backendUrl ?? ''}
          onChange={(e) =>
            onOptionsChange({ ...options, jsonData: { ...jsonData, backendUrl: e.currentTarget.value.trim() } })
          }
        />
      </Field>
      <Field label="API token" description="A CostWatch API key (cw_…) with at least the viewer role">
        <SecretInput
          id="costwatch-api-token"
          width={60}
          placeholder="cw_…"
          isConfigured={Boolean(secureJsonFields?.apiToken)}
          value={typedToken}
          onChange={(e) =>
            onOptionsChange({ ...options, secureJsonData: { ...options.secureJsonData, apiToken: e.currentTarget.value } })
          }
          onReset={() =>
            onOptionsChange({
              ...options,
              secureJsonFields: { ...secureJsonFields, apiToken: false },
              secureJsonData: { ...options.secureJsonData, apiToken: '' },
            })
          }
        />
      </Field>
    </Stack>
  );
}
