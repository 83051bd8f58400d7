/**
 * `service:$service` lines → API filters (`service:a,b`). Values that expand to the All
 * sentinel or to nothing drop the line, so "All" upstream means "unfiltered" here.
 */
export function parseFilterLines(text: string, expand: (v: string) => string[]): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .flatMap((line) => {
      const neg = line.startsWith('!');
      const body = neg ? line.slice(1) : line;
      const idx = body.indexOf(':', body.startsWith('tag:') ? 4 : 0);
      if (idx <= 0) return [];
      const values = body
        .slice(idx + 1)
        .split(',')
        .flatMap((v) => expand(v.trim()))
        .filter((v) => v !== '');
      if (values.length === 0 || values.includes('__all__')) return [];
      return [`${neg ? '!' : ''}${body.slice(0, idx)}:${values.join(',')}`];
    });
}
