import type { FieldDTO, FrameDTO } from '../../api';

export const timeOf = (f: FrameDTO) => f.fields.find((x) => x.type === 'time');
export const numbersOf = (f: FrameDTO) => f.fields.filter((x) => x.type === 'number');

/** The first number field whose name matches, else the first number field. */
export function numberField(f: FrameDTO, prefer?: RegExp): FieldDTO | undefined {
  const nums = numbersOf(f);
  return (prefer && nums.find((x) => prefer.test(x.name))) || nums[0];
}

/** [time, value] pairs of a time series frame, skipping nulls. */
export function points(f: FrameDTO, prefer?: RegExp): Array<[number, number]> {
  const t = timeOf(f);
  const v = numberField(f, prefer);
  if (!t || !v) return [];
  const out: Array<[number, number]> = [];
  t.values.forEach((time, i) => {
    const y = v.values[i];
    if (typeof time === 'number' && typeof y === 'number') out.push([time, y]);
  });
  return out;
}

/** Rows of a table frame as records keyed by field name. */
export function rows(f: FrameDTO): Array<Record<string, unknown>> {
  const n = f.fields[0]?.values.length ?? 0;
  return Array.from({ length: n }, (_, i) => Object.fromEntries(f.fields.map((x) => [x.name, x.values[i]])));
}
