/**
 * The state of one launch form, without DOM: the effective schema, the context, the
 * defaults, the current values (hidden fields included), the text of YAML fields being
 * typed, and a message per field. The element renders it and forwards user input to it.
 */
import { computeDefaults, newItemOf } from '../schema/defaults.js';
import { diffFromDefaults, mergeValues } from '../schema/diff.js';
import { buildFields, fieldForKey, type ArrayField, type Field, type YamlField } from '../schema/form-model.js';
import { clone, deepEqual, getAt, removeAt, setAt, type Path } from '../schema/paths.js';
import { fromSliderNumber, toSliderNumber } from '../schema/quantity.js';
import type { Schema } from '../schema/types.js';
import { parseInput, validateField, validateFields, type Problem } from '../schema/validation.js';
import { parseYaml, stringifyYaml, YamlError, type YamlProblem } from '../schema/yaml.js';

/** A problem found in the browser, a YAML text that does not parse, or a message the BFF sent for that field. */
export type FieldMessage =
  | Problem
  | { kind: 'server'; message: string }
  | { kind: 'yaml'; line: number; problem: YamlProblem }
  | { kind: 'yaml-type'; expected: 'object' | 'array' };

export class LaunchForm {
  values: Record<string, unknown>;
  readonly messages = new Map<string, FieldMessage>();
  /** What the user typed in YAML fields, by field key (the value changes only when it parses). */
  readonly yamlTexts = new Map<string, string>();
  #fields: Field[] | undefined;
  #fieldsOf: unknown;

  constructor(
    readonly schema: Schema,
    readonly context: unknown,
    readonly defaults: Record<string, unknown>,
    /** Laid over the defaults at start (a JSON merge patch: a saved configuration, a host's `values`). */
    start: Record<string, unknown> = {},
  ) {
    this.values = mergeValues(defaults, start) as Record<string, unknown>;
  }

  /** A form whose defaults are computed here (no BFF): const > overwriteDefaultWith > default. */
  static standalone(schema: Schema, context: unknown, start?: Record<string, unknown>): LaunchForm {
    return new LaunchForm(schema, context, computeDefaults(schema, context), start);
  }

  /** The same user changes, over other defaults (the language or the user changed). */
  rebase(schema: Schema, context: unknown, defaults: Record<string, unknown>): LaunchForm {
    return new LaunchForm(schema, context, defaults, this.differences());
  }

  /** The visible fields for the values as they are now. */
  get fields(): Field[] {
    if (this.#fieldsOf !== this.values || !this.#fields) {
      this.#fields = buildFields(this.schema, this.values, this.context);
      this.#fieldsOf = this.values;
    }
    return this.#fields;
  }

  /** Only what differs from the defaults (what a launch request, a saved configuration or a link carries). */
  differences(): Record<string, unknown> {
    return diffFromDefaults(this.values, this.defaults);
  }

  value(path: Path): unknown {
    return getAt(this.values, path);
  }

  input(field: Field, raw: string | boolean): void {
    this.set(field.path, parseInput(field, raw), field.key);
  }

  set(path: Path, value: unknown, key: string = path.join('.')): void {
    this.values = setAt(this.values, path, value);
    this.messages.delete(key);
  }

  yaml(field: YamlField, text: string): void {
    this.yamlTexts.set(field.key, text);
    let value: unknown;
    try {
      value = text.trim() === '' ? (field.expected === 'array' ? [] : {}) : parseYaml(text);
    } catch (error) {
      if (!(error instanceof YamlError)) throw error;
      this.messages.set(field.key, { kind: 'yaml', line: error.line, problem: error.problem });
      return;
    }
    const fits = field.expected === 'array' ? Array.isArray(value) : value !== null && typeof value === 'object' && !Array.isArray(value);
    if (!fits) {
      this.messages.set(field.key, { kind: 'yaml-type', expected: field.expected });
      return;
    }
    this.set(field.path, value, field.key);
  }

  /** The text a YAML field shows: what the user typed, else the value in YAML. */
  yamlText(field: YamlField): string {
    const typed = this.yamlTexts.get(field.key);
    if (typed !== undefined) return typed;
    const value = this.value(field.path);
    return value === undefined || value === null ? '' : stringifyYaml(value);
  }

  addItem(field: ArrayField): void {
    const list = this.value(field.path);
    this.set(field.path, [...(Array.isArray(list) ? list : []), newItemOf(field.schema, this.context)], field.key);
  }

  removeItem(field: ArrayField, index: number): void {
    this.values = removeAt(this.values, [...field.path, index]);
    for (const key of [...this.messages.keys()]) if (key.startsWith(`${field.key}.`)) this.messages.delete(key);
    for (const key of [...this.yamlTexts.keys()]) if (key.startsWith(`${field.key}.`)) this.yamlTexts.delete(key);
  }

  /** Checks one field (on change); a YAML field keeps its parse message. */
  check(field: Field): void {
    const current = this.messages.get(field.key);
    if (current && (current.kind === 'yaml' || current.kind === 'yaml-type')) return;
    const problem = validateField(field, this.values);
    if (problem) this.messages.set(field.key, problem);
  }

  /** Checks every visible field; true when the form can be sent. */
  checkAll(): boolean {
    const keep = [...this.messages].filter(([, message]) => message.kind === 'yaml' || message.kind === 'yaml-type');
    this.messages.clear();
    for (const [key, problem] of validateFields(this.fields, this.values)) this.messages.set(key, problem);
    for (const [key, message] of keep) if (this.yamlTexts.has(key)) this.messages.set(key, message);
    return this.messages.size === 0;
  }

  /** Puts the BFF's 400 `errors[]` at their fields; returns those that belong to no visible field. */
  placeServerErrors(errors: readonly { path: string; message: string }[]): { path: string; message: string }[] {
    this.messages.clear();
    const unplaced: { path: string; message: string }[] = [];
    for (const error of errors) {
      const field = fieldForKey(this.fields, error.path.replace(/\[(\d+)\]/g, '.$1').replace(/^[/.]+/, '').replace(/\//g, '.'));
      if (field && !this.messages.has(field.key)) this.messages.set(field.key, { kind: 'server', message: error.message });
      else unplaced.push(error);
    }
    return unplaced;
  }

  /** Whether a choice's option is the value (deep equality). */
  isChosen(option: unknown, value: unknown): boolean {
    return deepEqual(option, value);
  }

  /** A slider's position for a value: `"2Gi"` on a `Gi` slider → 2. */
  sliderNumber(value: unknown, unit: string): number {
    return toSliderNumber(value, unit);
  }

  /** A slider position as a value: 3 on a `Gi` slider → `"3Gi"` (a number for a numeric field). */
  sliderValue(position: number, unit: string, asString: boolean): string | number {
    return fromSliderNumber(position, unit, asString);
  }

  /** A copy to start again from the defaults. */
  restored(): LaunchForm {
    return new LaunchForm(this.schema, this.context, clone(this.defaults));
  }
}
