import type { SelectableValue } from '@grafana/data';
import { getTemplateSrv } from '@grafana/runtime';

/** Dashboard variables offered as `$name` in pickers; empty outside Grafana (tests, harness). */
export function variableOptions(): Array<SelectableValue<string>> {
  try {
    return getTemplateSrv()
      .getVariables()
      .map((v) => ({ label: `$${v.name}`, value: `$${v.name}`, description: 'template variable' }));
  } catch {
    return [];
  }
}
