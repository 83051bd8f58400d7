import React from 'react';

type Option<V extends string> = V | { value: V; label: string };

interface Props<V extends string> {
  label: string;
  /** The select's accessible name (what tests and the browser check pick it by). */
  aria: string;
  value: V;
  options: ReadonlyArray<Option<V>>;
  onChange: (value: V) => void;
  className?: string;
}

/** A labelled native select: filters and form choices across the app's pages. */
export function Choice<V extends string>({ label, aria, value, options, onChange, className }: Props<V>) {
  return (
    <label>
      {label}{' '}
      <select className={className} aria-label={aria} value={value} onChange={(e) => onChange(e.target.value as V)}>
        {options.map((o) => {
          const { value: v, label: text } = typeof o === 'string' ? { value: o, label: o } : o;
          return (
            <option key={v} value={v}>
              {text}
            </option>
          );
        })}
      </select>
    </label>
  );
}
