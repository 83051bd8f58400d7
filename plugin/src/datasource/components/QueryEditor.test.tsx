import React from 'react';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { DataSourceInstanceSettings } from '@grafana/data';
import { stubTransport } from '../../test-utils';
import { DataSource } from '../datasource';
import { DEFAULT_COST_QUERY } from '../types';
import { QueryEditor } from './QueryEditor';
import { VariableQueryEditor } from './VariableQueryEditor';
import { AnnotationQueryEditor } from './AnnotationQueryEditor';

const settings = { id: 1, uid: 'cw', type: 'costwatch-costwatch-datasource', name: 'CostWatch', url: '/x', jsonData: {}, meta: {} } as unknown as DataSourceInstanceSettings;

function setup(types = ['cost', 'forecast']) {
  const { transport } = stubTransport({
    'GET /api/v1/query/types': { types },
    'GET /api/v1/tag-keys': { keys: ['team'] },
    'GET /api/v1/dimensions/service/values': { values: [{ value: 'AmazonEC2', label: 'Amazon EC2' }] },
  });
  return new DataSource(settings as never, { transport, templateSrv: { replace: (t = '') => t } });
}

type EditorProps = React.ComponentProps<typeof QueryEditor>;
const props = (ds: DataSource, query: unknown, onChange = jest.fn(), onRunQuery = jest.fn()): EditorProps =>
  ({ datasource: ds, query, onChange, onRunQuery }) as unknown as EditorProps;

describe('QueryEditor', () => {
  it('edits a cost query: metric, granularity, format, top N', async () => {
    const onChange = jest.fn();
    const onRun = jest.fn();
    render(<QueryEditor {...props(setup(), { ...DEFAULT_COST_QUERY, refId: 'A' }, onChange, onRun)} />);
    await waitFor(() => expect(screen.getByText('cost')).toBeInTheDocument());
    fireEvent.click(screen.getByLabelText('Amortized'));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ metric: 'amortized' }));
    fireEvent.click(screen.getByLabelText('Month'));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ granularity: 'month' }));
    fireEvent.click(screen.getByLabelText('Table'));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ format: 'table' }));
    const topN = screen.getByLabelText('Top N');
    fireEvent.change(topN, { target: { value: '5' } });
    fireEvent.blur(topN);
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ topN: 5 }));
    expect(onRun).toHaveBeenCalled();
  });

  it('migrates an old query before editing and adds filters', async () => {
    const onChange = jest.fn();
    render(<QueryEditor {...props(setup(), { refId: 'A', queryType: 'cost', groupBy: 'service' }, onChange)} />);
    await waitFor(() => expect(screen.getByText('Service')).toBeInTheDocument());
    fireEvent.click(screen.getByRole('button', { name: /add filter/i }));
    expect(onChange).toHaveBeenLastCalledWith(
      expect.objectContaining({ schemaVersion: 1, groupBy: ['service'], filters: [{ dimension: 'service', operator: 'in', values: [] }] })
    );
  });

  it('edits options of a type without a dedicated editor and rejects invalid JSON', async () => {
    const onChange = jest.fn();
    render(<QueryEditor {...props(setup(), { refId: 'A', schemaVersion: 1, type: 'forecast', filters: [], options: {} }, onChange)} />);
    const box = await screen.findByLabelText('Query options');
    fireEvent.change(box, { target: { value: '[1]' } });
    fireEvent.blur(box);
    expect(await screen.findAllByText('options must be a JSON object')).not.toHaveLength(0);
    expect(onChange).not.toHaveBeenCalled();
    fireEvent.change(box, { target: { value: '{"horizon": 30}' } });
    fireEvent.blur(box);
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ type: 'forecast', options: { horizon: 30 } }));
  });

  it('warns when the backend cannot be reached', async () => {
    const { transport } = stubTransport({});
    const ds = new DataSource(settings as never, { transport, templateSrv: { replace: (t = '') => t } });
    render(<QueryEditor {...props(ds, { refId: 'A' })} />);
    expect(await screen.findByText('CostWatch backend not reachable')).toBeInTheDocument();
  });
});

describe('VariableQueryEditor', () => {
  it('switches between dimension values, tag keys and tag values', async () => {
    const onChange = jest.fn();
    const { rerender } = render(<VariableQueryEditor query={{ refId: 'v', kind: 'dimension', dimension: 'region' }} onChange={onChange} />);
    expect(screen.getByText('region')).toBeInTheDocument();
    fireEvent.click(screen.getByLabelText('Tag values'));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ kind: 'tagValues' }));
    rerender(<VariableQueryEditor query={{ refId: 'v', kind: 'tagValues' }} onChange={onChange} />);
    const key = screen.getByLabelText('Tag key');
    await act(async () => {
      fireEvent.change(key, { target: { value: '$tag_key' } });
      fireEvent.blur(key);
    });
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ tagKey: '$tag_key' }));
  });
});

describe('AnnotationQueryEditor', () => {
  it('picks anomalies or alert events', () => {
    const onChange = jest.fn();
    render(<AnnotationQueryEditor query={{ refId: 'Anno', schemaVersion: 1, type: 'anomalies', filters: [], options: {} }} onChange={onChange} />);
    fireEvent.click(screen.getByLabelText('Alert events'));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ type: 'alerts' }));
  });
});
