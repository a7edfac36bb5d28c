import { describe, expect, it } from 'vitest';
import { FileParseError } from '../../src/workflow/file-parse-error.js';
import { eolOf, lineOf, mappingGet, parseYamlWithPositions, type YamlNode } from '../../src/workflow/yaml-positions.js';

const text = `jobs:
  build:   # c
    container:
      image: "nixery.dev/a/b"   # comment
      options: --x
    services: {a: {image: redis}}
    steps:
      # lead
      - name: x
        run: |
          echo hi

      - z
    empty:
`;

const src = (n: YamlNode | undefined) => text.slice(n!.start, n!.end);

describe('parseYamlWithPositions', () => {
  const root = parseYamlWithPositions(text, 'x.yml');
  const build = mappingGet(mappingGet(root, 'jobs'), 'build');

  it('scalars span exactly their text, quotes included, comments excluded', () => {
    expect(src(mappingGet(mappingGet(build, 'container'), 'image'))).toBe('"nixery.dev/a/b"');
    expect(src(mappingGet(mappingGet(build, 'container'), 'options'))).toBe('--x');
  });

  it('collections span from their first to their last character', () => {
    expect(src(mappingGet(build, 'container'))).toBe('image: "nixery.dev/a/b"   # comment\n      options: --x');
    expect(src(mappingGet(build, 'services'))).toBe('{a: {image: redis}}');
    const steps = mappingGet(build, 'steps')!;
    expect(steps.kind).toBe('sequence');
    expect(steps.children.map(src)).toEqual(['name: x\n        run: |\n          echo hi', 'z']);
  });

  it('null values are empty spans', () => {
    const empty = mappingGet(build, 'empty')!;
    expect(empty.kind).toBe('null');
    expect(empty.start).toBe(empty.end);
  });

  it('errors carry the path and a 1-based position', () => {
    expect(() => parseYamlWithPositions('a: [1, 2\n', 'bad.yml')).toThrow(FileParseError);
    let err: unknown = null;
    try {
      parseYamlWithPositions('a: b\n  c: d\n', 'bad.yml');
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ path: 'bad.yml', line: 2, column: 4 });
  });

  it('helpers', () => {
    expect(lineOf(text, text.indexOf('options'))).toBe(5);
    expect(eolOf('a\r\nb\r\n')).toBe('\r\n');
    expect(eolOf('a\nb\n')).toBe('\n');
  });
});
