import { expect } from '@open-wc/testing';
import {
  compilePattern,
  diffFromDefaults,
  fieldForPath,
  fieldsFromSchema,
  humanize,
  parseInput,
  setValue,
  validateField,
  validateValues,
  type ChoiceField,
  type GroupField,
  type NumberField,
  type TextField,
} from '../../components/launcher/schema-form.js';

describe('schema-form (JSON Schema → field model)', () => {
  it('maps a string with pattern and lengths, title and description', () => {
    const [field] = fieldsFromSchema({
      type: 'object',
      required: ['folder'],
      properties: { folder: { type: 'string', title: 'Folder', description: 'Where', default: '', pattern: '^[a-z]*$', minLength: 1, maxLength: 5 } },
    }) as [TextField];
    expect(field).to.include({ kind: 'string', key: 'folder', title: 'Folder', description: 'Where', required: true, pattern: '^[a-z]*$', minLength: 1, maxLength: 5, default: '' });
    expect(field.path).to.deep.equal(['folder']);
  });

  it('maps integers and numbers with bounds', () => {
    const fields = fieldsFromSchema({
      properties: { cpu: { type: 'integer', minimum: 1, maximum: 8 }, ratio: { type: 'number', exclusiveMaximum: 1 } },
    }) as NumberField[];
    expect(fields[0]).to.include({ kind: 'integer', minimum: 1, maximum: 8, title: 'Cpu' });
    expect(fields[1]).to.include({ kind: 'number', exclusiveMaximum: 1 });
  });

  it('maps booleans, enums (to a choice), nested objects (to groups) with dotted keys', () => {
    const fields = fieldsFromSchema({
      type: 'object',
      properties: {
        gpu: { type: 'boolean' },
        resources: {
          type: 'object',
          title: 'Resources',
          required: ['memory'],
          properties: { memory: { type: 'string', enum: ['1Gi', '2Gi'] }, limits: { properties: { cpu: { type: 'integer' } } } },
        },
      },
    });
    expect(fields[0]!.kind).to.equal('boolean');
    const group = fields[1] as GroupField;
    expect(group.kind).to.equal('group');
    expect(group.title).to.equal('Resources');
    const memory = group.fields[0] as ChoiceField;
    expect(memory).to.include({ kind: 'enum', key: 'resources.memory', required: true });
    expect(memory.options.map((option) => option.label)).to.deep.equal(['1Gi', '2Gi']);
    const limits = group.fields[1] as GroupField;
    expect(limits.kind).to.equal('group');
    expect(limits.fields[0]!.key).to.equal('resources.limits.cpu');
  });

  it('marks what this release cannot edit as unsupported, and reads hidden/readonly flags', () => {
    const fields = fieldsFromSchema({
      properties: {
        tags: { type: 'array', items: { type: 'string' } },
        secret: { type: 'string', 'x-onyxia': { hidden: true } },
        fixed: { type: 'string', readOnly: true },
        nullable: { type: ['string', 'null'] },
      },
    });
    expect(fields[0]).to.include({ kind: 'unsupported', type: 'array' });
    expect(fields[1]).to.include({ kind: 'string', hidden: true });
    expect(fields[2]).to.include({ readOnly: true });
    expect(fields[3]!.kind).to.equal('string');
  });

  it('validates values and names each problem', () => {
    const [text, count, choice, flag] = fieldsFromSchema({
      required: ['name', 'count'],
      properties: {
        name: { type: 'string', minLength: 2, maxLength: 4, pattern: '^[a-z]+$' },
        count: { type: 'integer', minimum: 1, maximum: 3 },
        size: { enum: ['s', 'm'] },
        on: { type: 'boolean' },
      },
    });
    expect(validateField(text!, undefined)).to.deep.equal({ kind: 'required' });
    expect(validateField(text!, 'a')).to.deep.equal({ kind: 'minLength', limit: 2 });
    expect(validateField(text!, 'abcde')).to.deep.equal({ kind: 'maxLength', limit: 4 });
    expect(validateField(text!, 'AB')).to.deep.equal({ kind: 'pattern' });
    expect(validateField(text!, 'abc')).to.equal(null);
    expect(validateField(count!, 0)).to.deep.equal({ kind: 'minimum', limit: 1 });
    expect(validateField(count!, 4)).to.deep.equal({ kind: 'maximum', limit: 3 });
    expect(validateField(count!, 1.5)).to.deep.equal({ kind: 'integer' });
    expect(validateField(count!, 'x')).to.deep.equal({ kind: 'number' });
    expect(validateField(choice!, 'l')).to.deep.equal({ kind: 'enum' });
    expect(validateField(choice!, 'm')).to.equal(null);
    expect(validateField(flag!, true)).to.equal(null);
  });

  it('validates a whole form by key, through groups', () => {
    const fields = fieldsFromSchema({ properties: { resources: { properties: { cpu: { type: 'integer', maximum: 2 } } } } });
    const problems = validateValues(fields, { resources: { cpu: 5 } });
    expect([...problems.keys()]).to.deep.equal(['resources.cpu']);
  });

  it('compiles JSON Schema patterns in Unicode mode, lookaheads included', () => {
    const folder = compilePattern('^(?!/)(?!.*(^|/)\\.\\.?(/|$))[A-Za-z0-9 ._/-]{0,200}$')!;
    expect(folder.test('projects/thesis')).to.be.true;
    expect(folder.test('../etc')).to.be.false;
    expect(folder.test('/root')).to.be.false;
    expect(compilePattern('(')).to.equal(null);
  });

  it('parses inputs: numbers, empty numbers, enum options by index, booleans', () => {
    const [count, size, flag] = fieldsFromSchema({
      properties: { count: { type: 'integer' }, size: { enum: ['s', { big: true }] }, on: { type: 'boolean' } },
    });
    expect(parseInput(count!, '42')).to.equal(42);
    expect(parseInput(count!, '')).to.equal(undefined);
    expect(parseInput(count!, 'abc')).to.equal('abc');
    expect(parseInput(size!, '1')).to.deep.equal({ big: true });
    expect(parseInput(flag!, true)).to.equal(true);
  });

  it('keeps only the differences from the defaults', () => {
    const defaults = { folder: '', resources: { cpu: 1, memory: '2Gi' }, tags: ['a'], gpu: false };
    expect(diffFromDefaults(structuredClone(defaults), defaults)).to.deep.equal({});
    const values = setValue(setValue(structuredClone(defaults), ['resources', 'cpu'], 4), ['tags'], ['a', 'b']);
    expect(diffFromDefaults(values, defaults)).to.deep.equal({ resources: { cpu: 4 }, tags: ['a', 'b'] });
    expect(diffFromDefaults({ folder: undefined, extra: { x: 1 } }, defaults)).to.deep.equal({ extra: { x: 1 } });
    expect(defaults.resources.cpu).to.equal(1); // setValue copies
  });

  it('finds the field a BFF error path points at', () => {
    const fields = fieldsFromSchema({ properties: { folder: { type: 'string' }, resources: { properties: { cpu: { type: 'integer' } } } } });
    expect(fieldForPath(fields, 'resources.cpu')!.key).to.equal('resources.cpu');
    expect(fieldForPath(fields, '/resources/cpu')!.key).to.equal('resources.cpu');
    expect(fieldForPath(fields, 'folder')!.key).to.equal('folder');
    expect(fieldForPath(fields, 'quota')).to.equal(undefined);
  });

  it('humanizes property names for missing titles', () => {
    expect(humanize('cpuLimit')).to.equal('Cpu limit');
    expect(humanize('disk_size')).to.equal('Disk size');
  });
});
