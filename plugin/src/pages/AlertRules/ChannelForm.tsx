import React, { useState } from 'react';
import { Button, Field, Input, Stack, Text } from '@grafana/ui';
import { ApiError } from '../../api';
import { Choice } from '../../components/common';
import { CHANNEL_TYPES, EMPTY_CHANNEL, type ChannelDraft, type ChannelType } from './api';

interface Props {
  onSubmit: (d: ChannelDraft) => Promise<unknown>;
  onCancel: () => void;
  /** Editing a stored channel: its values, secret empty (left empty, the stored one is kept). */
  initial?: ChannelDraft;
}

/** What the secret is for each type, as the backend uses it (backend/src/alerts/channels/). */
const SECRET_LABEL: Record<ChannelType, string> = {
  webhook: 'Signing secret (optional, at least 16 characters: HMAC-SHA256 of each POST)',
  slack: 'Slack incoming webhook URL',
  email: 'SMTP password (optional)',
  alertmanager: 'Bearer token (optional)',
};

interface FormError {
  message: string;
  field?: string;
}

/**
 * Create or edit a notification channel. The secret input is write-only: it is cleared once
 * saved, and when editing it starts empty (empty keeps the stored secret).
 */
export function ChannelForm({ onSubmit, onCancel, initial }: Props) {
  const [d, setD] = useState<ChannelDraft>(initial ?? EMPTY_CHANNEL);
  const [error, setError] = useState<FormError | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<ChannelDraft>) => setD((x) => ({ ...x, ...patch }));
  // The backend names the offending field as a path ("config.to[1]"): mark the input it belongs to.
  const errorFor = (field: string) => (error?.field && (error.field === field || error.field.startsWith(`${field}[`) || error.field.startsWith(`${field}.`)) ? error.message : undefined);
  const text = (label: string, aria: string, key: keyof ChannelDraft, field: string, extra: { type?: string; placeholder?: string } = {}) => (
    <Field label={label} invalid={!!errorFor(field)} error={errorFor(field)}>
      <Input aria-label={aria} value={String(d[key])} onChange={(e) => set({ [key]: e.currentTarget.value })} autoComplete={extra.type === 'password' ? 'new-password' : undefined} {...extra} />
    </Field>
  );

  const submit = async () => {
    setError(null);
    setBusy(true);
    try {
      await onSubmit(d);
      setD(initial ?? EMPTY_CHANNEL);
    } catch (err) {
      setError(err instanceof ApiError ? { message: err.message, field: err.field } : { message: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack direction="column" gap={1}>
      <Stack direction="row" gap={2}>
        <Choice label="Type" aria="channel type" value={d.type} options={CHANNEL_TYPES} onChange={(type) => set({ type, secret: '' })} />
      </Stack>
      {text('Name', 'channel name', 'name', 'name')}
      {(d.type === 'webhook' || d.type === 'alertmanager') && text(d.type === 'webhook' ? 'Webhook URL' : 'Alertmanager URL', 'channel url', 'url', 'config.url', { placeholder: 'https://' })}
      {d.type === 'email' && (
        <>
          <Stack direction="row" gap={2}>
            {text('SMTP host', 'smtp host', 'host', 'config.host')}
            {text('Port', 'smtp port', 'port', 'config.port')}
            <label>
              <input type="checkbox" aria-label="smtp tls" checked={d.secure} onChange={(e) => set({ secure: e.target.checked })} /> TLS from the start (port 465)
            </label>
          </Stack>
          {text('SMTP user (optional)', 'smtp user', 'user', 'config.user')}
          {text('From', 'email from', 'from', 'config.from')}
          {text('To (comma-separated)', 'email to', 'to', 'config.to')}
        </>
      )}
      {text(initial ? `${SECRET_LABEL[d.type]} (leave empty to keep the stored one)` : SECRET_LABEL[d.type], 'channel secret', 'secret', 'secret', { type: 'password' })}
      {(d.type === 'slack' || d.type === 'email') && text('Dashboard link (optional)', 'dashboard url', 'dashboardUrl', 'config.dashboard_url')}
      {text('Rate limit per minute (optional, default 60)', 'rate limit', 'rateLimit', 'rate_limit_per_minute')}
      <Stack direction="row" gap={1}>
        <Button disabled={busy || !d.name.trim()} onClick={submit}>
          {initial ? 'Save channel' : 'Create channel'}
        </Button>
        <Button variant="secondary" fill="text" onClick={onCancel}>
          Cancel
        </Button>
      </Stack>
      {error && (
        <Text color="error" data-testid="channel-form-error">
          {/* The backend usually starts its message with the field; say it when it does not. */}
          {error.field && !error.message.startsWith(error.field) ? `${error.field}: ${error.message}` : error.message}
        </Text>
      )}
    </Stack>
  );
}
