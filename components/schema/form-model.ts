/**
 * A values schema in Onyxia's dialect → the fields of a launch form, for the values as
 * they are now (hidden conditions depend on them). Pure: no DOM; each keyword maps onto
 * the field model here, never onto templates.
 *
 * - object with `properties` → a group; object without → a YAML/JSON text field;
 * - array with `items` → one row per item, with add/remove within `minItems`/`maxItems`;
 *   array without `items` → a YAML/JSON text field;
 * - choices (`overwriteListEnumWith` > `listEnum` > `enum`) → a select;
 * - `render: slider` (or `sliderMin`) → a slider; two sliders sharing a `sliderRangeId`
 *   (`sliderExtremity` down and up) → one range slider, in their closest common group;
 * - `render: textArea` / `password` → a long text / a masked text;
 * - `const`, `readOnly`, `x-onyxia.readonly` → read-only;
 * - `hidden`, `x-onyxia.hidden`, `hidden: {value, path, isPathRelative}` → left out.
 */
import { isHidden } from './hidden.js';
import { resolveOptions } from './options.js';
import { getAt, keyOf, type Path, type PathSegment } from './paths.js';
import { asSchema, count, finite, text, typeOf, xOnyxia, type Schema } from './types.js';

export interface FieldBase {
  path: PathSegment[];
  /** The dotted path the BFF uses in `errors[].path`: `resources.limits.cpu`, `env.0.name`. */
  key: string;
  title: string;
  description: string | undefined;
  required: boolean;
  readOnly: boolean;
  schema: Schema;
}

export interface TextField extends FieldBase {
  kind: 'string';
  pattern: string | undefined;
  minLength: number | undefined;
  maxLength: number | undefined;
  multiline: boolean;
  /** Masked, with a reveal toggle (`render: password`). */
  secret: boolean;
}

export interface NumberField extends FieldBase {
  kind: 'number' | 'integer';
  minimum: number | undefined;
  maximum: number | undefined;
  exclusiveMinimum: number | undefined;
  exclusiveMaximum: number | undefined;
  multipleOf: number | undefined;
}

export interface BooleanField extends FieldBase {
  kind: 'boolean';
}

export interface ChoiceField extends FieldBase {
  kind: 'enum';
  options: { value: unknown; label: string }[];
}

export interface SliderScale {
  min: number;
  max: number;
  step: number;
  /** Appended to the number when the value is a string: `Gi`, `m`. */
  unit: string;
  /** Whether the value is a string such as `"2Gi"` (else a number). */
  asString: boolean;
}

export interface SliderField extends FieldBase, SliderScale {
  kind: 'slider';
}

/** Two sliders of one range (`sliderRangeId`), shown as one: `down` ≤ `up`. */
export interface RangeField extends FieldBase, SliderScale {
  kind: 'range';
  rangeId: string;
  down: { path: PathSegment[]; key: string; label: string; description: string | undefined };
  up: { path: PathSegment[]; key: string; label: string; description: string | undefined };
}

/** An object without `properties` or an array without `items`, edited as YAML or JSON text. */
export interface YamlField extends FieldBase {
  kind: 'yaml';
  expected: 'object' | 'array';
}

export interface GroupField extends FieldBase {
  kind: 'group';
  fields: Field[];
}

export interface ArrayField extends FieldBase {
  kind: 'array';
  /** One field per item (an item field's path ends with its index). */
  items: Field[];
  minItems: number;
  maxItems: number;
  canAdd: boolean;
  canRemove: boolean;
}

export type Field = TextField | NumberField | BooleanField | ChoiceField | SliderField | RangeField | YamlField | GroupField | ArrayField;

/** A slider half, before it is paired into a range. */
interface RangeHalf extends SliderField {
  extremity: 'down' | 'up';
  rangeId: string;
  semantic: string | undefined;
}

/** The visible fields of an object schema's properties, in declaration order. */
export function buildFields(schema: Schema, values: unknown, context: unknown): Field[] {
  const fields = propertyFields(schema, [], values, context);
  return mergeRanges(fields);
}

function propertyFields(schema: Schema, parent: PathSegment[], values: unknown, context: unknown): Field[] {
  const properties = asSchema(schema.properties);
  if (!properties) return [];
  const required = Array.isArray(schema.required) ? schema.required : [];
  return Object.entries(properties).flatMap(([name, child]) => {
    const childSchema = asSchema(child);
    const field = childSchema ? buildField(childSchema, [...parent, name], required.includes(name), values, context) : undefined;
    return field ? [field] : [];
  });
}

function buildField(schema: Schema, path: PathSegment[], required: boolean, values: unknown, context: unknown, listTitle?: string): Field | undefined {
  if (isHidden(schema, path, values)) return undefined;
  const onyxia = xOnyxia(schema);
  const last = path[path.length - 1];
  const parentName = path[path.length - 2];
  const title = text(schema.title) ?? (typeof last === 'number' ? (listTitle ?? humanize(String(parentName ?? ''))) : humanize(String(last ?? '')));
  const base: FieldBase = {
    path,
    key: keyOf(path),
    title: typeof last === 'number' ? `${title} ${last + 1}` : title,
    description: text(schema.description),
    required,
    readOnly: schema.const !== undefined || schema.readOnly === true || onyxia.readonly === true,
    schema,
  };
  const type = typeOf(schema);
  if (type === 'object' || type === 'array') {
    const properties = asSchema(schema.properties);
    const items = asSchema(schema.items);
    if (type === 'object' && properties) {
      const fields = propertyFields(schema, path, values, context);
      // A group whose every field is hidden is left out too, as Onyxia does.
      return fields.length > 0 || Object.keys(properties).length === 0 ? { ...base, kind: 'group', fields } : undefined;
    }
    if (type === 'array' && items) return arrayField(base, schema, items, values, context);
    return { ...base, kind: 'yaml', expected: type };
  }
  const options = schema.const !== undefined ? [schema.const] : resolveOptions(schema, context);
  if (options) return { ...base, kind: 'enum', options: options.map((value) => ({ value, label: optionLabel(value) })) };
  const sliderMin = finite(schema.sliderMin);
  const sliderMax = finite(schema.sliderMax);
  if ((schema.render === 'slider' || sliderMin !== undefined) && sliderMin !== undefined && sliderMax !== undefined && (type === 'string' || type === 'number' || type === 'integer')) {
    const slider: SliderField = {
      ...base,
      kind: 'slider',
      min: sliderMin,
      max: sliderMax,
      step: finite(schema.sliderStep) ?? 1,
      unit: text(schema.sliderUnit) ?? '',
      asString: type === 'string',
    };
    const extremity = schema.sliderExtremity;
    const rangeId = text(schema.sliderRangeId);
    if ((extremity === 'down' || extremity === 'up') && rangeId) {
      return { ...slider, extremity, rangeId, semantic: text(schema.sliderExtremitySemantic) } satisfies RangeHalf as Field;
    }
    return slider;
  }
  switch (type) {
    case 'integer':
    case 'number':
      return {
        ...base,
        kind: type,
        minimum: finite(schema.minimum),
        maximum: finite(schema.maximum),
        exclusiveMinimum: finite(schema.exclusiveMinimum),
        exclusiveMaximum: finite(schema.exclusiveMaximum),
        multipleOf: finite(schema.multipleOf),
      };
    case 'boolean':
      return { ...base, kind: 'boolean' };
    case 'string':
      return {
        ...base,
        kind: 'string',
        pattern: text(schema.pattern),
        minLength: count(schema.minLength),
        maxLength: count(schema.maxLength),
        multiline: schema.render === 'textArea',
        secret: schema.render === 'password',
      };
    default:
      return { ...base, kind: 'yaml', expected: 'object' };
  }
}

function arrayField(base: FieldBase, schema: Schema, items: Schema, values: unknown, context: unknown): ArrayField {
  const current = getAt(values, base.path);
  const list = Array.isArray(current) ? current : [];
  const minItems = count(schema.minItems) ?? 0;
  const maxItems = count(schema.maxItems) ?? Number.POSITIVE_INFINITY;
  const itemFields = list.flatMap((_item, index) => {
    const field = buildField(items, [...base.path, index], false, values, context, base.title);
    return field ? [field] : [];
  });
  return {
    ...base,
    kind: 'array',
    items: itemFields,
    minItems,
    maxItems,
    canAdd: !base.readOnly && list.length < maxItems,
    canRemove: !base.readOnly && list.length > minItems,
  };
}

/** Pairs slider halves into range sliders, placed in their closest common group; groups left empty go. */
function mergeRanges(fields: Field[]): Field[] {
  const halves: RangeHalf[] = [];
  const collect = (list: Field[]) => {
    for (const field of list) {
      if ('extremity' in field) halves.push(field as RangeHalf);
      if (field.kind === 'group') collect(field.fields);
      if (field.kind === 'array') collect(field.items);
    }
  };
  collect(fields);
  const ranges: { range: RangeField; at: string; anchor: string }[] = [];
  const paired = new Set<string>();
  for (const down of halves.filter((half) => half.extremity === 'down')) {
    const ups = halves.filter((half) => half.extremity === 'up' && half.rangeId === down.rangeId && !paired.has(half.key));
    const up = ups.sort((a, b) => commonLength(b.path, down.path) - commonLength(a.path, down.path))[0];
    if (!up) continue;
    paired.add(down.key).add(up.key);
    const common = down.path.slice(0, Math.min(commonLength(down.path, up.path), down.path.length - 1, up.path.length - 1));
    const range: RangeField = {
      kind: 'range',
      path: common,
      key: `${down.key}~${up.key}`,
      title: down.title,
      description: down.description,
      required: down.required || up.required,
      readOnly: down.readOnly || up.readOnly,
      schema: down.schema,
      rangeId: down.rangeId,
      min: Math.min(down.min, up.min),
      max: Math.max(down.max, up.max),
      step: down.step,
      unit: down.unit,
      asString: down.asString,
      down: { path: down.path, key: down.key, label: down.semantic ?? down.title, description: down.description },
      up: { path: up.path, key: up.key, label: up.semantic ?? up.title, description: up.description },
    };
    ranges.push({ range, at: keyOf(common), anchor: keyOf(down.path.slice(0, common.length + 1)) });
  }
  const plain = (field: Field): Field => {
    if (!('extremity' in field)) return field;
    const { extremity: _e, rangeId: _r, semantic: _s, ...slider } = field as RangeHalf;
    return slider;
  };
  const rebuild = (list: Field[], at: string): Field[] =>
    list.flatMap((field) => {
      const before = ranges.filter((entry) => entry.at === at && entry.anchor === field.key).map((entry) => entry.range);
      if (paired.has(field.key)) return before;
      if (field.kind === 'group') {
        const children = rebuild(field.fields, field.key);
        return children.length === 0 && field.fields.length > 0 ? before : [...before, { ...field, fields: children }];
      }
      if (field.kind === 'array') return [...before, { ...field, items: rebuild(field.items, field.key) }];
      return [...before, plain(field)];
    });
  return rebuild(fields, '');
}

function commonLength(a: Path, b: Path): number {
  let length = 0;
  while (length < a.length && length < b.length && a[length] === b[length]) length++;
  return length;
}

function optionLabel(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** `cpuLimit` / `cpu_limit` / `cpu-limit` → `Cpu limit`. */
export function humanize(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Every field of a tree, groups and arrays included, depth first. */
export function allFields(fields: readonly Field[]): Field[] {
  return fields.flatMap((field) => [
    field,
    ...(field.kind === 'group' ? allFields(field.fields) : field.kind === 'array' ? allFields(field.items) : []),
  ]);
}

/** The visible field a BFF error path points at (the deepest one containing it), if any. */
export function fieldForKey(fields: readonly Field[], key: string): Field | undefined {
  let best: Field | undefined;
  let bestLength = -1;
  for (const field of allFields(fields)) {
    const keys = field.kind === 'range' ? [field.down.key, field.up.key] : [field.key];
    for (const candidate of keys) {
      if ((key === candidate || key.startsWith(`${candidate}.`)) && candidate.length > bestLength) {
        best = field;
        bestLength = candidate.length;
      }
    }
  }
  return best;
}
