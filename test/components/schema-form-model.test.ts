import { expect } from '@open-wc/testing';
import { emptyContext } from '../../components/schema/context.js';
import { allFields, buildFields, fieldForKey, humanize, type ArrayField, type ChoiceField, type GroupField, type RangeField, type SliderField, type TextField } from '../../components/schema/form-model.js';
import { unknownKeywords } from '../../components/schema/keywords.js';
import { validateField, validateFields } from '../../components/schema/validation.js';

const context = emptyContext();
const kinds = (schema: Record<string, unknown>, values: unknown = {}) => allFields(buildFields(schema, values, context)).map((field) => `${field.kind}:${field.key}`);

describe('schema: the form model of Onyxia’s dialect', () => {
  it('maps each type and render to a kind of field', () => {
    const schema = {
      type: 'object',
      properties: {
        text: { type: 'string', title: 'Text', pattern: '^a' },
        long: { type: 'string', render: 'textArea' },
        secret: { type: 'string', render: 'password' },
        count: { type: 'integer', minimum: 1, maximum: 3 },
        ratio: { type: 'number' },
        flag: { type: 'boolean' },
        choice: { type: 'string', enum: ['a', 'b'] },
        list: { type: 'string', render: 'list', listEnum: ['x', 'y'], enum: ['ignored'] },
        size: { type: 'string', render: 'slider', sliderMin: 1, sliderMax: 10, sliderUnit: 'Gi' },
        free: { type: 'object' },
        freeList: { type: 'array' },
        rows: { type: 'array', items: { type: 'string' } },
        group: { type: 'object', properties: { inner: { type: 'string' } } },
        fixed: { type: 'string', const: 'c' },
      },
    };
    expect(kinds(schema, { rows: ['r1', 'r2'] })).to.deep.equal([
      'string:text', 'string:long', 'string:secret', 'integer:count', 'number:ratio', 'boolean:flag', 'enum:choice', 'enum:list',
      'slider:size', 'yaml:free', 'yaml:freeList', 'array:rows', 'string:rows.0', 'string:rows.1', 'group:group', 'string:group.inner', 'enum:fixed',
    ]);
    const fields = allFields(buildFields(schema, { rows: ['r1', 'r2'] }, context));
    const find = <T>(key: string) => fields.find((field) => field.key === key) as T;
    expect(find<TextField>('long').multiline).to.be.true;
    expect(find<TextField>('secret').secret).to.be.true;
    expect(find<ChoiceField>('list').options.map((option) => option.value)).to.deep.equal(['x', 'y'], 'listEnum wins over enum');
    expect(find<SliderField>('size')).to.include({ min: 1, max: 10, step: 1, unit: 'Gi', asString: true });
    expect(find<ChoiceField>('fixed')).to.include({ readOnly: true });
    expect(find<TextField>('rows.1').title).to.equal('Rows 2');
  });

  it('hides fields live: hidden, x-onyxia.hidden, hidden {value, path, isPathRelative}; empty groups go too', () => {
    const schema = {
      type: 'object',
      properties: {
        always: { type: 'string', hidden: true },
        onyxia: { type: 'string', 'x-onyxia': { hidden: true } },
        s3: {
          type: 'object',
          properties: {
            enabled: { type: 'boolean' },
            key: { type: 'string', hidden: { value: false, path: 'enabled', isPathRelative: true } },
            region: { type: 'string', hidden: { value: false, path: 's3/enabled' } },
          },
        },
        internal: { type: 'object', properties: { a: { type: 'string', 'x-onyxia': { hidden: true } } } },
      },
    };
    expect(kinds(schema, { s3: { enabled: false } })).to.deep.equal(['group:s3', 'boolean:s3.enabled']);
    expect(kinds(schema, { s3: { enabled: true } })).to.deep.equal(['group:s3', 'boolean:s3.enabled', 'string:s3.key', 'string:s3.region']);
  });

  it('shows two sliders sharing a sliderRangeId as one range, in their closest common group', () => {
    const half = (extremity: string, semantic: string) => ({
      type: 'string', title: 'CPU', render: 'slider', sliderMin: 50, sliderMax: 4000, sliderStep: 50, sliderUnit: 'm',
      sliderExtremity: extremity, sliderExtremitySemantic: semantic, sliderRangeId: 'cpu',
    });
    const schema = {
      type: 'object',
      properties: {
        resources: {
          type: 'object',
          title: 'Resources',
          properties: {
            requests: { type: 'object', properties: { cpu: half('down', 'guaranteed') } },
            limits: { type: 'object', properties: { cpu: half('up', 'Maximum') } },
          },
        },
      },
    };
    const [resources] = buildFields(schema, {}, context) as [GroupField];
    expect(resources.fields.map((field) => field.kind)).to.deep.equal(['range']);
    const range = resources.fields[0] as RangeField;
    expect(range.title).to.equal('CPU');
    expect(range.down).to.deep.include({ key: 'resources.requests.cpu', label: 'guaranteed' });
    expect(range.up).to.deep.include({ key: 'resources.limits.cpu', label: 'Maximum' });
    expect(fieldForKey(buildFields(schema, {}, context), 'resources.limits.cpu')?.key).to.equal(range.key, 'errors of either half go to the range');
    expect(validateField(range, { resources: { requests: { cpu: '500m' }, limits: { cpu: '100m' } } })).to.deep.equal({ kind: 'range-order' });
  });

  it('arrays add and remove within minItems and maxItems', () => {
    const schema = { type: 'object', properties: { env: { type: 'array', minItems: 1, maxItems: 2, items: { type: 'string' } } } };
    const at = (values: unknown) => buildFields(schema, values, context)[0] as ArrayField;
    expect(at({ env: ['a'] })).to.include({ canAdd: true, canRemove: false });
    expect(at({ env: ['a', 'b'] })).to.include({ canAdd: false, canRemove: true });
  });

  it('checks what the browser can check', () => {
    const schema = {
      type: 'object',
      required: ['name'],
      properties: { name: { type: 'string', pattern: '^[a-z]+$' }, n: { type: 'integer', maximum: 3 }, size: { type: 'string', render: 'slider', sliderMin: 1, sliderMax: 4, sliderUnit: 'Gi' } },
    };
    const problems = validateFields(buildFields(schema, {}, context), { name: 'Bad Name', n: 4, size: 'lots' });
    expect(Object.fromEntries(problems)).to.deep.equal({ name: { kind: 'pattern' }, n: { kind: 'maximum', limit: 3 }, size: { kind: 'quantity' } });
    expect(Object.fromEntries(validateFields(buildFields(schema, {}, context), {}))).to.deep.equal({ name: { kind: 'required' } });
  });

  it('reports keywords that are neither draft-07 nor Onyxia’s', () => {
    expect(unknownKeywords({ type: 'object', properties: { a: { type: 'string', colour: 'red', 'x-onyxia': { hidden: true }, form: true } }, items: { widget: 1 } })).to.deep.equal([
      'properties.a.colour',
      'items.widget',
    ]);
    expect(humanize('cpuLimit')).to.equal('Cpu limit');
  });
});
