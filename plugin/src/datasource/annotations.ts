import type { AnnotationQuery, AnnotationSupport } from '@grafana/data';
import { migrate } from './migrate';
import type { CostwatchQuery } from './types';
import { AnnotationQueryEditor } from './components/AnnotationQueryEditor';

/** Query types whose frames are events (time, timeEnd, title, text, tags): anomalies and alerts. */
export const ANNOTATION_TYPES = ['anomalies', 'alerts'] as const;

/**
 * Annotations run through the normal query() path: Grafana turns frames with time/text fields
 * into annotations. prepareAnnotation upgrades old or empty targets to the current model.
 */
export const annotationSupport: AnnotationSupport<CostwatchQuery> = {
  prepareAnnotation(json: AnnotationQuery<CostwatchQuery>) {
    const given = (json.target ?? {}) as Partial<CostwatchQuery>;
    const target = migrate({ ...given, refId: given.refId ?? 'Anno', type: given.type ?? ANNOTATION_TYPES[0] } as CostwatchQuery);
    return { ...json, target: { ...target, options: { ...(('options' in target && target.options) || {}), format: 'annotations' } } };
  },
  QueryEditor: AnnotationQueryEditor,
};
