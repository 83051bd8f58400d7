import { describe, expect, it } from 'vitest';
import { csvField, RecordSplitter } from './records.js';

/** Feeds text in pieces of `size` characters, as streams deliver it. */
function split(text: string, size: number): { out: string; header?: string; records: number } {
  const s = new RecordSplitter('7,');
  let out = '';
  for (let i = 0; i < text.length; i += size) out += s.push(text.slice(i, i + size));
  out += s.end();
  return { out, header: s.header, records: s.records };
}

describe('RecordSplitter', () => {
  const csv = 'a,b\r\n1,"x"\r\n2,"multi\r\nline ""quoted"""\r\n\r\n3,z';
  it.each([1, 2, 3, 5, 1000])('splits records by quote parity, numbering physical lines (pieces of %i)', (size) => {
    const r = split(csv, size);
    expect(r.header).toBe('a,b');
    expect(r.records).toBe(3);
    expect(r.out).toBe('7,2,1,"x"\n7,3,2,"multi\r\nline ""quoted"""\n7,6,3,z\n');
  });

  it('refuses a file that ends inside a quoted field', () => {
    const s = new RecordSplitter();
    s.push('a,b\n1,"never closed\n');
    expect(() => s.end()).toThrow(/unterminated quoted field starting at line 2/);
  });

  it('writes COPY fields: null unquoted, empty and special text quoted', () => {
    expect([null, '', 'a"b', 'x,y', 1.5, new Date(0)].map(csvField)).toEqual(['', '""', '"a""b"', '"x,y"', '1.5', '1970-01-01T00:00:00.000Z']);
  });
});
