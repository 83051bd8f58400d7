import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import { ConfigEditor } from './ConfigEditor';

const options = (extra: Record<string, unknown> = {}) =>
  ({
    id: 1,
    uid: 'cw',
    name: 'CostWatch',
    type: 'costwatch-costwatch-datasource',
    jsonData: { backendUrl: 'http://costwatch:8080' },
    secureJsonFields: {},
    ...extra,
  }) as never;

describe('ConfigEditor', () => {
  it('shows the backend URL and a configured token without its value', () => {
    const { container } = render(
      <ConfigEditor options={options({ secureJsonFields: { apiToken: true } })} onOptionsChange={jest.fn()} />
    );
    expect(screen.getByDisplayValue('http://costwatch:8080')).toBeInTheDocument();
    const token = container.querySelector('#costwatch-api-token') as HTMLInputElement;
    expect(token.value).toBe('configured');
    expect(token).toBeDisabled();
    expect(screen.getByRole('button', { name: /reset/i })).toBeInTheDocument();
  });

  it('never renders a saved token back: after saving only "configured" remains', () => {
    const onChange = jest.fn();
    const { container, rerender } = render(<ConfigEditor options={options()} onOptionsChange={onChange} />);
    fireEvent.change(container.querySelector('#costwatch-api-token')!, { target: { value: 'cw_secret_token_value_123' } });
    // What Grafana hands the editor after saving: the field flag, never the value.
    rerender(<ConfigEditor options={options({ secureJsonFields: { apiToken: true } })} onOptionsChange={onChange} />);
    expect(container.innerHTML).not.toMatch(/cw_secret/);
    expect((container.querySelector('#costwatch-api-token') as HTMLInputElement).value).toBe('configured');
  });

  it('writes a typed token to secureJsonData only', () => {
    const onChange = jest.fn();
    const { container } = render(<ConfigEditor options={options()} onOptionsChange={onChange} />);
    fireEvent.change(container.querySelector('#costwatch-api-token')!, { target: { value: 'cw_secret_token_value_123' } });
    const next = onChange.mock.calls[0][0];
    expect(next.secureJsonData).toEqual({ apiToken: 'cw_secret_token_value_123' });
    expect(JSON.stringify(next.jsonData)).not.toMatch(/cw_secret/);
  });

  it('resets a configured token', () => {
    const onChange = jest.fn();
    render(<ConfigEditor options={options({ secureJsonFields: { apiToken: true } })} onOptionsChange={onChange} />);
    fireEvent.click(screen.getByRole('button', { name: /reset/i }));
    expect(onChange.mock.calls[0][0].secureJsonFields).toEqual({ apiToken: false });
  });

  it('stores the backend URL in jsonData', () => {
    const onChange = jest.fn();
    render(<ConfigEditor options={options()} onOptionsChange={onChange} />);
    fireEvent.change(screen.getByDisplayValue('http://costwatch:8080'), { target: { value: ' http://x:1 ' } });
    expect(onChange.mock.calls[0][0].jsonData).toEqual({ backendUrl: 'http://x:1' });
  });
});
