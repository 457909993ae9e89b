/**
 * What the form checks before sending (the BFF checks everything again, with ajv): a
 * field's problem, as a code the form turns into a localized message.
 */
import { allFields, type Field } from './form-model.js';
import { deepEqual, getAt } from './paths.js';
import { toSliderNumber } from './quantity.js';

export type Problem =
  | { kind: 'required' | 'pattern' | 'integer' | 'number' | 'enum' | 'type' | 'quantity' | 'range-order' }
  | { kind: 'minLength' | 'maxLength' | 'minimum' | 'maximum'; limit: number };

const patterns = new Map<string, RegExp | null>();

/** A schema pattern as a RegExp (Unicode mode, as JSON Schema wants), or null if JS cannot compile it. */
export function compilePattern(pattern: string): RegExp | null {
  if (!patterns.has(pattern)) {
    let compiled: RegExp | null = null;
    for (const flags of ['u', '']) {
      try {
        compiled = new RegExp(pattern, flags);
        break;
      } catch {
        // try the next flags; the server validates anyway
      }
    }
    patterns.set(pattern, compiled);
  }
  return patterns.get(pattern) ?? null;
}

/** The problem with a field's value now, or null. Read-only fields are the server's business. */
export function validateField(field: Field, values: unknown): Problem | null {
  if (field.readOnly || field.kind === 'group' || field.kind === 'array' || field.kind === 'yaml') return null;
  if (field.kind === 'range') {
    const down = toSliderNumber(getAt(values, field.down.path), field.unit);
    const up = toSliderNumber(getAt(values, field.up.path), field.unit);
    if (Number.isNaN(down) || Number.isNaN(up)) return { kind: 'quantity' };
    return down > up ? { kind: 'range-order' } : null;
  }
  const value = getAt(values, field.path);
  if (value === undefined || value === null) return field.required ? { kind: 'required' } : null;
  switch (field.kind) {
    case 'string': {
      if (typeof value !== 'string') return { kind: 'type' };
      const length = [...value].length;
      if (field.minLength !== undefined && length < field.minLength) {
        return value === '' && field.required ? { kind: 'required' } : { kind: 'minLength', limit: field.minLength };
      }
      if (field.maxLength !== undefined && length > field.maxLength) return { kind: 'maxLength', limit: field.maxLength };
      const pattern = field.pattern === undefined ? null : compilePattern(field.pattern);
      return pattern && !pattern.test(value) ? { kind: 'pattern' } : null;
    }
    case 'integer':
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return { kind: 'number' };
      if (field.kind === 'integer' && !Number.isInteger(value)) return { kind: 'integer' };
      if (field.minimum !== undefined && value < field.minimum) return { kind: 'minimum', limit: field.minimum };
      if (field.exclusiveMinimum !== undefined && value <= field.exclusiveMinimum) return { kind: 'minimum', limit: field.exclusiveMinimum };
      if (field.maximum !== undefined && value > field.maximum) return { kind: 'maximum', limit: field.maximum };
      if (field.exclusiveMaximum !== undefined && value >= field.exclusiveMaximum) return { kind: 'maximum', limit: field.exclusiveMaximum };
      return null;
    }
    case 'slider':
      return Number.isNaN(toSliderNumber(value, field.unit)) ? { kind: 'quantity' } : null;
    case 'boolean':
      return typeof value === 'boolean' ? null : { kind: 'type' };
    case 'enum':
      return field.options.some((option) => deepEqual(option.value, value)) ? null : { kind: 'enum' };
  }
}

/** Every problem of the visible fields, by field key. */
export function validateFields(fields: readonly Field[], values: unknown): Map<string, Problem> {
  const problems = new Map<string, Problem>();
  for (const field of allFields(fields)) {
    const problem = validateField(field, values);
    if (problem) problems.set(field.key, problem);
  }
  return problems;
}

/**
 * The value an input's text stands for: numbers parsed (empty → undefined; unparsable
 * text is kept, so validation can say so), booleans as they are, a choice by its index.
 */
export function parseInput(field: Field, raw: string | boolean): unknown {
  if (field.kind === 'boolean') return raw === true || raw === 'true';
  if (field.kind === 'enum') return typeof raw === 'string' && /^\d+$/.test(raw) ? field.options[Number(raw)]?.value : undefined;
  if (field.kind === 'integer' || field.kind === 'number') {
    if (typeof raw !== 'string' || raw.trim() === '') return undefined;
    const value = Number(raw);
    return Number.isFinite(value) ? value : raw;
  }
  return raw;
}
