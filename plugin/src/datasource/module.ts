import { DataSourcePlugin } from '@grafana/data';
import { ConfigEditor } from './components/ConfigEditor';
import { QueryEditor } from './components/QueryEditor';
import { DataSource } from './datasource';
import type { CostwatchOptions, CostwatchQuery, CostwatchSecureOptions } from './types';

export const plugin = new DataSourcePlugin<DataSource, CostwatchQuery, CostwatchOptions, CostwatchSecureOptions>(DataSource)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor);
