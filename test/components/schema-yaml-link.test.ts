import { expect } from '@open-wc/testing';
import { applyPatches, launchLinkOf, leafPatches, parseLaunchLink } from '../../components/schema/launch-link.js';
import { fromSliderNumber, parseQuantity, toSliderNumber } from '../../components/schema/quantity.js';
import { parseYaml, stringifyYaml, YamlError } from '../../components/schema/yaml.js';

function yamlError(text: string): { line: number; problem: string } {
  try {
    parseYaml(text);
  } catch (error) {
    if (error instanceof YamlError) return { line: error.line, problem: error.problem };
    throw error;
  }
  throw new Error(`no error for ${JSON.stringify(text)}`);
}

describe('schema: the YAML of free-form fields', () => {
  it('reads block and flow maps and lists, scalars, comments, block text', () => {
    const text = [
      '# node selection',
      'disktype: ssd',
      'zone: "eu-west-1a"   # quoted',
      'replicas: 3',
      'ratio: 0.5',
      'enabled: true',
      'nothing: ~',
      'url: http://example.org/x',
      'labels: {team: stats, "app.kubernetes.io/name": lab}',
      'ports: [80, 443]',
      'env:',
      '  - name: A',
      '    value: "1"',
      '  - name: B',
      'script: |',
      '  echo one',
      '  echo two',
      'list:',
      '- x',
      "- 'it''s'",
    ].join('\n');
    expect(parseYaml(text)).to.deep.equal({
      disktype: 'ssd',
      zone: 'eu-west-1a',
      replicas: 3,
      ratio: 0.5,
      enabled: true,
      nothing: null,
      url: 'http://example.org/x',
      labels: { team: 'stats', 'app.kubernetes.io/name': 'lab' },
      ports: [80, 443],
      env: [{ name: 'A', value: '1' }, { name: 'B' }],
      script: 'echo one\necho two\n',
      list: ['x', "it's"],
    });
  });

  it('reads JSON, even pretty-printed with tabs', () => {
    expect(parseYaml('{\n\t"a": [1, {"b": null}],\n\t"c": "d"\n}')).to.deep.equal({ a: [1, { b: null }], c: 'd' });
    expect(parseYaml('[{"key": "gpu", "operator": "Exists", "effect": "NoSchedule"}]')).to.deep.equal([{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }]);
  });

  it('says which line is wrong, and why', () => {
    expect(yamlError('a: 1\n  b: 2')).to.deep.equal({ line: 2, problem: 'indent' });
    expect(yamlError('a: [1, 2')).to.deep.equal({ line: 1, problem: 'unclosed' });
    expect(yamlError('a: 1\na: 2')).to.deep.equal({ line: 2, problem: 'duplicate' });
    expect(yamlError('a: 1\n\tb: 2')).to.deep.equal({ line: 2, problem: 'tab' });
    expect(yamlError('a: *ref')).to.deep.equal({ line: 1, problem: 'unsupported' });
    expect(yamlError('- a\nb: 1')).to.deep.equal({ line: 2, problem: 'unexpected' });
  });

  it('writes YAML that reads back the same', () => {
    const value = { a: 'plain', b: 'needs: quoting', c: '2', d: [1, { e: true, f: [] }], g: {}, 'h.i': null, j: 'multi\nline' };
    const text = stringifyYaml(value);
    expect(text).to.contain('a: plain');
    expect(text).to.contain('c: "2"');
    expect(parseYaml(text)).to.deep.equal(value);
  });
});

describe('schema: slider quantities', () => {
  it('reads and writes Kubernetes quantities in the slider’s unit', () => {
    expect(parseQuantity('2Gi')).to.equal(2 * 1024 ** 3);
    expect(toSliderNumber('2Gi', 'Gi')).to.equal(2);
    expect(toSliderNumber('512Mi', 'Gi')).to.equal(0.5);
    expect(toSliderNumber('500m', 'm')).to.equal(500);
    expect(toSliderNumber(3, '')).to.equal(3);
    expect(Number.isNaN(toSliderNumber('lots', 'Gi'))).to.be.true;
    expect(fromSliderNumber(3, 'Gi', true)).to.equal('3Gi');
    expect(fromSliderNumber(3, '', false)).to.equal(3);
  });
});

describe('schema: launch links in Onyxia’s encoding', () => {
  it('encodes like Onyxia: «strings», numbers and booleans bare, %5C. for a dot in a key, [n] for items', () => {
    const link = launchLinkOf('https://lab.example/portal/?old=1#x', {
      catalog: 'ide',
      service: 'jupyter',
      name: 'My notebook',
      version: '2.1.0',
      autoLaunch: true,
      patches: [
        { path: ['spark', 'userConfig', 'spark.driver.memory'], value: '5g' },
        { path: ['resources', 'limits', 'cpu'], value: '2000m' },
        { path: ['git', 'enabled'], value: false },
        { path: ['workers'], value: 3 },
        { path: ['env', 0, 'name'], value: 'A B' },
        { path: ['gone'], value: undefined },
      ],
    });
    expect(link).to.equal(
      'https://lab.example/portal/?launch=ide/jupyter&name=My%20notebook&version=2.1.0' +
        '&spark.userConfig.spark%5C.driver%5C.memory=%C2%AB5g%C2%BB&resources.limits.cpu=%C2%AB2000m%C2%BB' +
        '&git.enabled=false&workers=3&env[0].name=%C2%ABA%20B%C2%BB&gone=-&autoLaunch=true',
    );
  });

  it('decodes Onyxia’s own links, with raw or encoded « » and escaped dots', () => {
    const link = parseLaunchLink('?launch=ide/jupyter&spark.userConfig.spark%5c.driver%5C.memory=%C2%AB5g%C2%BB&a.b=«x»&c\\.d=1&n=null&autoLaunch=true&junk=notavalue')!;
    expect(link).to.deep.equal({
      catalog: 'ide',
      service: 'jupyter',
      autoLaunch: true,
      patches: [
        { path: ['spark', 'userConfig', 'spark.driver.memory'], value: '5g' },
        { path: ['a', 'b'], value: 'x' },
        { path: ['c.d'], value: 1 },
        { path: ['n'], value: null },
      ],
    });
    expect(parseLaunchLink('?launch=a/b&__proto__.x=1&a.constructor.prototype.y=2')!.patches).to.deep.equal([], 'never a prototype');
    expect(parseLaunchLink('?open=svc-1')).to.equal(null);
    expect(parseLaunchLink('?launch=../x')).to.equal(null);
  });

  it('carries only the differences, and gives back the same values', () => {
    const defaults = { a: { b: 'x', 'c.d': 1 }, env: [{ n: 'A' }, { n: 'B' }], keep: true, gone: 'y', big: 'unchanged' };
    const values = { a: { b: 'x y «»&=+%', 'c.d': 2 }, env: [{ n: 'A2' }], keep: true, added: { deep: [1, 'two'] }, empty: {}, big: 'unchanged' };
    const patches = leafPatches(defaults, values);
    expect(patches.map((patch) => patch.path.join('.'))).to.deep.equal(['a.b', 'a.c.d', 'env.0.n', 'env.1', 'added.deep.0', 'added.deep.1', 'empty', 'gone']);
    const link = launchLinkOf('http://portal.test/', { catalog: 'lab', service: 'demo', patches });
    const parsed = parseLaunchLink(new URL(link).search)!;
    expect(applyPatches(defaults, parsed.patches)).to.deep.equal(values);
  });
});
