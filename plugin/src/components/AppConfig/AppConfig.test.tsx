import React from 'react';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import AppConfig from './AppConfig';

const plugin = (meta: Record<string, unknown>) =>
  ({ meta: { id: 'costwatch-costwatch-app', enabled: true, pinned: true, ...meta } }) as never;

describe('AppConfig', () => {
  it('saves URL and token, and never shows a stored token', async () => {
    const save = jest.fn().mockResolvedValue(undefined);
    const { container } = render(<AppConfig plugin={plugin({ jsonData: {}, secureJsonFields: {} })} query={{} as never} save={save} />);
    fireEvent.change(container.querySelector('#costwatch-app-backend-url')!, { target: { value: 'http://costwatch:8080' } });
    fireEvent.change(container.querySelector('#costwatch-app-api-token')!, { target: { value: 'cw_app_token_0123456789' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(save).toHaveBeenCalled());
    expect(save.mock.calls[0][1]).toEqual({
      enabled: true,
      pinned: true,
      jsonData: { backendUrl: 'http://costwatch:8080' },
      secureJsonData: { apiToken: 'cw_app_token_0123456789' },
    });
  });

  it('keeps the stored token when only the URL changes', async () => {
    const save = jest.fn().mockResolvedValue(undefined);
    const { container } = render(
      <AppConfig plugin={plugin({ jsonData: { backendUrl: 'http://a:1' }, secureJsonFields: { apiToken: true } })} query={{} as never} save={save} />
    );
    expect((container.querySelector('#costwatch-app-api-token') as HTMLInputElement).value).toBe('configured');
    fireEvent.change(container.querySelector('#costwatch-app-backend-url')!, { target: { value: 'http://b:2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(save).toHaveBeenCalled());
    expect(save.mock.calls[0][1].secureJsonData).toBeUndefined();
  });

  it('rejects a URL without http(s) and does not save', () => {
    const save = jest.fn();
    const { container } = render(<AppConfig plugin={plugin({ jsonData: {}, secureJsonFields: { apiToken: true } })} query={{} as never} save={save} />);
    fireEvent.change(container.querySelector('#costwatch-app-backend-url')!, { target: { value: 'costwatch:8080' } });
    expect(screen.getByText('Must start with http:// or https://')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Save' })).toBeDisabled();
  });
});
