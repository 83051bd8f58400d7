import React, { useState } from 'react';
import { lastValueFrom } from 'rxjs';
import type { AppPluginMeta, PluginConfigPageProps, PluginMeta } from '@grafana/data';
import { getBackendSrv } from '@grafana/runtime';
import { Alert, Button, Field, FieldSet, Input, SecretInput } from '@grafana/ui';

export interface AppSettings {
  backendUrl?: string;
}

export interface AppConfigProps extends PluginConfigPageProps<AppPluginMeta<AppSettings>> {
  /** Saves settings; Grafana's plugin settings API unless a test passes its own. */
  save?: (pluginId: string, data: Partial<PluginMeta<AppSettings>>) => Promise<void>;
}

/**
 * Backend URL and API token of the app (its pages call the backend through the app's route).
 * The token is write-only: Grafana stores it encrypted and only says whether one is set.
 */
const AppConfig = ({ plugin, save = saveAndReload }: AppConfigProps) => {
  const { enabled, pinned, jsonData, secureJsonFields } = plugin.meta;
  const [backendUrl, setBackendUrl] = useState(jsonData?.backendUrl ?? '');
  const [token, setToken] = useState('');
  const [tokenSet, setTokenSet] = useState(Boolean(secureJsonFields?.apiToken));
  const [error, setError] = useState<string>();
  const urlInvalid = backendUrl !== '' && !/^https?:\/\/[^\s/]+/.test(backendUrl);
  const disabled = !backendUrl || urlInvalid || (!tokenSet && !token);

  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (disabled) return;
    try {
      await save(plugin.meta.id, {
        enabled,
        pinned,
        jsonData: { backendUrl },
        // Only send a token the user typed now; leaving it out keeps the stored one.
        secureJsonData: tokenSet ? undefined : { apiToken: token },
      });
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <form onSubmit={onSubmit}>
      <FieldSet label="CostWatch backend">
        <Field label="Backend URL" invalid={urlInvalid} error="Must start with http:// or https://">
          <Input
            id="costwatch-app-backend-url"
            width={60}
            value={backendUrl}
            placeholder="http://costwatch:8080"
            onChange={(e) => setBackendUrl(e.currentTarget.value.trim())}
          />
        </Field>
        <Field label="API token" description="A CostWatch API key (cw_…)">
          <SecretInput
            id="costwatch-app-api-token"
            width={60}
            value={token}
            isConfigured={tokenSet}
            placeholder="cw_…"
            onChange={(e) => setToken(e.currentTarget.value.trim())}
            onReset={() => {
              setToken('');
              setTokenSet(false);
            }}
          />
        </Field>
        {error && <Alert title="Could not save">{error}</Alert>}
        <Button type="submit" disabled={disabled}>
          Save
        </Button>
      </FieldSet>
    </form>
  );
};

export default AppConfig;

async function saveAndReload(pluginId: string, data: Partial<PluginMeta<AppSettings>>) {
  await lastValueFrom(getBackendSrv().fetch({ url: `/api/plugins/${pluginId}/settings`, method: 'POST', data }));
  // Grafana has no API to push new settings into a loaded plugin: reload to apply them.
  window.location.reload();
}
