import { ConfigurationError } from 'aks-ml-constructs';
import { parseV1Document } from '../../../src/core/v1';

const yaml = (text: string) => {
  const r = parseV1Document(text, 'test');
  expect(r.syntax).toBe('yaml');
  return r.value as Record<string, unknown>;
};

describe('parseV1Document: YAML read as PyYAML (YAML 1.1) read it', () => {
  test('booleans: true/false/yes/no/on/off in three casings; y and n stay strings', () => {
    expect(
      yaml('a: True\nb: FALSE\nc: yes\nd: No\ne: on\nf: OFF\ng: y\nh: n\ni: tRUE\n'),
    ).toEqual({ a: true, b: false, c: true, d: false, e: true, f: false, g: 'y', h: 'n', i: 'tRUE' });
  });

  test('numbers: octal, underscores, sexagesimal, hex, binary; 1e3 and -.5 stay strings', () => {
    expect(yaml('a: 012\nb: 1_000\nc: 1:30\nd: 0x1F\ne: 0b101\nf: 1e3\ng: 1.0e+3\nh: .5\ni: -.5\nj: 09\nk: 0.5\n')).toEqual({
      a: 10,
      b: 1000,
      c: 90,
      d: 31,
      e: 5,
      f: '1e3',
      g: 1000,
      h: 0.5,
      i: '-.5',
      j: '09',
      k: 0.5,
    });
  });

  test('nulls, quoted scalars, comments, duplicate keys (last wins)', () => {
    expect(yaml('# comment\na: ~\nb:\nc: null\nd: "True"\ne: \'1\'\nd: again # trailing comment\n')).toEqual({
      a: null,
      b: null,
      c: null,
      d: 'again',
      e: '1',
    });
  });

  test('JSON is read as JSON first', () => {
    expect(parseV1Document('{"a": "yes", "b": 1.0}', 'test')).toEqual({ value: { a: 'yes', b: 1 }, syntax: 'json', duplicateKeys: [] });
  });

  test('errors carry line and column, in one ConfigurationError', () => {
    let error: unknown;
    try {
      parseV1Document('a: 1\nb:\n\tc: 2\n', 'deployment config "x.yml"');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).message).toBe(
      'Invalid configuration for deployment config "x.yml": 1 problem\n' +
        '  - line 3, column 1: not valid YAML: Tabs are not allowed as indentation.',
    );
  });
});
