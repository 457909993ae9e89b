import { expect } from '@open-wc/testing';
import { emptyContext } from '../../components/schema/context.js';
import { computeDefaults, newItemOf } from '../../components/schema/defaults.js';
import { diffFromDefaults, mergeValues } from '../../components/schema/diff.js';
import { parseReference, resolveExpression } from '../../components/schema/expressions.js';
import { resolveOptions } from '../../components/schema/options.js';

const context = {
  ...emptyContext({ oneTimePassword: 'pw-1', randomSubdomain: '123456' }),
  user: { idep: 'alice', name: 'Alice Martin', email: 'alice@example.org', lang: 'fr', groups: ['staff', 'gpu'] },
  project: { id: 'user-alice' },
  region: { resources: { cpuRequest: '250m', gpu: 2 }, nodeSelector: { disktype: 'ssd' } },
  k8s: { domain: 'lab.example', randomSubdomain: '123456' },
  ai: { providers: [{ id: 'p1', name: 'First', models: ['m1', 'm2'] }, { id: 'p2', name: 'Second', models: [] }] },
  weird: { 'a.b': 'dotted' },
};

describe('schema: x-onyxia expressions', () => {
  it('a bare path or a whole {{…}} gives the value with its type', () => {
    expect(resolveExpression('region.resources.cpuRequest', context)).to.equal('250m');
    expect(resolveExpression('{{region.resources.gpu}}', context)).to.equal(2);
    expect(resolveExpression('{{region.nodeSelector}}', context)).to.deep.equal({ disktype: 'ssd' });
    expect(resolveExpression('{{user.groups}}', context)).to.deep.equal(['staff', 'gpu']);
  });

  it('interpolates inside strings, indexes arrays, quotes keys', () => {
    expect(resolveExpression('{{project.id}}-{{k8s.randomSubdomain}}-0.{{k8s.domain}}', context)).to.equal('user-alice-123456-0.lab.example');
    expect(resolveExpression('{{user.groups[1]}}', context)).to.equal('gpu');
    expect(resolveExpression('{{weird["a.b"]}}', context)).to.equal('dotted');
    expect(parseReference("a['x y'][0].b")).to.deep.equal(['a', 'x y', 0, 'b']);
  });

  it('an array or an object resolves each {{…}} inside it, and keeps its other strings', () => {
    expect(resolveExpression(['a hardcoded value', '{{region.resources.gpu}}', 'user.idep'], context)).to.deep.equal(['a hardcoded value', 2, 'user.idep']);
    expect(resolveExpression({ foo: 'bar', owner: 'owner-{{user.idep}}', nested: ['{{k8s.domain}}'] }, context)).to.deep.equal({ foo: 'bar', owner: 'owner-alice', nested: ['lab.example'] });
    expect(resolveExpression(['a', '{{not.there}}'], context)).to.equal(undefined);
    expect(resolveOptions({ type: 'string', 'x-onyxia': { overwriteListEnumWith: ['fixed', '{{user.groups[0]}}'] } }, context)).to.deep.equal(['fixed', 'staff']);
  });

  it('anything that does not resolve is undefined', () => {
    expect(resolveExpression('{{s3.AWS_ACCESS_KEY_ID}}', context)).to.equal(undefined);
    expect(resolveExpression('Hello {{nobody.here}}', context)).to.equal(undefined);
    expect(resolveExpression('Groups: {{user.groups}}', context)).to.equal(undefined, 'an array cannot go inside text');
    expect(resolveExpression('{{__proto__}}', context)).to.equal(undefined);
    expect(resolveExpression('not a path!', context)).to.equal(undefined);
  });
});

describe('schema: defaults', () => {
  it('precedence: const > overwriteDefaultWith > default > values.yaml', () => {
    const schema = {
      type: 'object',
      properties: {
        fixed: { type: 'string', const: 'c', default: 'd', 'x-onyxia': { overwriteDefaultWith: '{{user.idep}}' } },
        overwritten: { type: 'string', default: 'd', 'x-onyxia': { overwriteDefaultWith: '{{user.idep}}' } },
        fallback: { type: 'string', default: 'd', 'x-onyxia': { overwriteDefaultWith: '{{not.there}}' } },
        plain: { type: 'string', default: 'd' },
        fromYaml: { type: 'string' },
        nothing: { type: 'string' },
      },
    };
    const yaml = { fixed: 'y', overwritten: 'y', fallback: 'y', plain: 'y', fromYaml: 'y' };
    expect(computeDefaults(schema, context, yaml)).to.deep.equal({ fixed: 'c', overwritten: 'alice', fallback: 'd', plain: 'd', fromYaml: 'y' });
  });

  it('keeps the type of a substituted value; a value of the wrong type falls back, a close one is converted', () => {
    const schema = {
      type: 'object',
      properties: {
        gpus: { type: 'integer', default: 0, 'x-onyxia': { overwriteDefaultWith: 'region.resources.gpu' } },
        gpuText: { type: 'string', default: '', 'x-onyxia': { overwriteDefaultWith: 'region.resources.gpu' } },
        selector: { type: 'object', default: {}, 'x-onyxia': { overwriteDefaultWith: 'region.nodeSelector' } },
        wrong: { type: 'boolean', default: true, 'x-onyxia': { overwriteDefaultWith: 'region.nodeSelector' } },
        notInEnum: { type: 'string', enum: ['a', 'b'], default: 'b', 'x-onyxia': { overwriteDefaultWith: '{{user.idep}}' } },
      },
    };
    expect(computeDefaults(schema, context)).to.deep.equal({ gpus: 2, gpuText: '2', selector: { disktype: 'ssd' }, wrong: true, notInEnum: 'b' });
  });

  it('array items read {{<their name>}} from each item, as Onyxia maps them', () => {
    const schema = {
      type: 'object',
      properties: {
        providers: {
          type: 'array',
          default: [],
          'x-onyxia': { overwriteDefaultWith: '{{ai.providers}}' },
          items: {
            type: 'object',
            properties: {
              id: { type: 'string', default: '' },
              label: { type: 'string', default: '', 'x-onyxia': { overwriteDefaultWith: '{{name}} by {{user.idep}}' } },
              models: { type: 'array', items: { type: 'string' }, default: [] },
            },
          },
        },
      },
    };
    expect(computeDefaults(schema, context).providers).to.deep.equal([
      { id: 'p1', label: 'First by alice', models: ['m1', 'm2'] },
      { id: 'p2', label: 'Second by alice', models: [] },
    ]);
  });

  it('an array with nothing else gets minItems default items; a new item starts from its schema', () => {
    const schema = { type: 'array', minItems: 2, items: { type: 'object', properties: { name: { type: 'string', default: 'VAR' } } } };
    expect(computeDefaults({ type: 'object', properties: { env: schema } }, context)).to.deep.equal({ env: [{ name: 'VAR' }, { name: 'VAR' }] });
    expect(newItemOf({ type: 'array', items: { type: 'integer', minimum: 3 } }, context)).to.equal(3);
    expect(newItemOf({ type: 'array', items: { type: 'string', enum: ['x', 'y'] } }, context)).to.equal('x');
  });

  it('choices: overwriteListEnumWith > listEnum > enum', () => {
    expect(resolveOptions({ type: 'string', listEnum: ['l'], enum: ['e'], 'x-onyxia': { overwriteListEnumWith: '{{ai.providers[0].models}}' } }, context)).to.deep.equal(['m1', 'm2']);
    expect(resolveOptions({ type: 'string', listEnum: ['l'], enum: ['e'], 'x-onyxia': { overwriteListEnumWith: '{{ai.providers[1].models}}' } }, context)).to.deep.equal(['l']);
    expect(resolveOptions({ type: 'string', enum: ['e'] }, context)).to.deep.equal(['e']);
    expect(resolveOptions({ type: 'string' }, context)).to.equal(undefined);
  });
});

describe('schema: differences and their merge (JSON merge patch, as Helm merges values)', () => {
  const defaults = { a: 1, nested: { b: 2, c: 3 }, list: [1, 2], gone: 'x' };

  it('sends only what changed; a removed member is null; a cleared field keeps its default', () => {
    const values = { a: 1, nested: { b: 5, c: 3 }, list: [1], cleared: undefined, added: { d: true } } as Record<string, unknown>;
    expect(diffFromDefaults(values, defaults)).to.deep.equal({ nested: { b: 5 }, list: [1], added: { d: true }, gone: null });
  });

  it('merges objects member by member, replaces arrays, removes on null', () => {
    expect(mergeValues(defaults, { nested: { b: 5, c: null }, list: [9], gone: null, extra: { e: null, f: 1 } })).to.deep.equal({
      a: 1,
      nested: { b: 5 },
      list: [9],
      extra: { f: 1 },
    });
  });

  it('a round trip gives back the values', () => {
    const values = { a: 2, nested: { c: 3 }, list: [], extra: 'y' };
    expect(mergeValues(defaults, diffFromDefaults(values, defaults))).to.deep.equal(values);
  });
});
