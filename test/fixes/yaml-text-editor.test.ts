import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { mappingGet, mappingKey, parseYamlWithPositions } from '../../src/workflow/yaml-positions.js';
import { UneditableYamlError, YamlTextEditor, detectIndentUnit } from '../../src/fixes/yaml-text-editor.js';

describe('YamlTextEditor', () => {
  it('removing every item leaves an empty list, not null', () => {
    const text = 'spec:\n  volumes: # hooks add these\n    - name: work\n      emptyDir: {}\n  other: 1\n';
    const root = parseYamlWithPositions(text, 't.yaml');
    const spec = mappingGet(root, 'spec');
    const vols = mappingGet(spec, 'volumes')!;
    const e = new YamlTextEditor(text);
    e.removeItems(vols, vols.children, mappingKey(spec, 'volumes'));
    expect(e.result()).toBe('spec:\n  volumes: [] # hooks add these\n  other: 1\n');
  });

  it('refuses flow lists', () => {
    const text = 'volumes: [{name: work}]\n';
    const vols = mappingGet(parseYamlWithPositions(text, 't.yaml'), 'volumes')!;
    expect(() => new YamlTextEditor(text).removeItems(vols, vols.children)).toThrow(UneditableYamlError);
  });

  it('appends items after the last one, also when the file has no final newline', () => {
    const text = 'list:\n  - a: 1\n    b: 2';
    const list = mappingGet(parseYamlWithPositions(text, 't.yaml'), 'list')!;
    const e = new YamlTextEditor(text);
    e.appendItem(list, ['a: 3', 'b: 4']);
    expect(e.result()).toBe('list:\n  - a: 1\n    b: 2\n  - a: 3\n    b: 4\n');
    expect(yaml.load(e.result())).toEqual({ list: [{ a: 1, b: 2 }, { a: 3, b: 4 }] });
  });

  it('a comment goes at the end of the line, unless the line already has one', () => {
    const text = 'a: 1\nb: 2 # note\n';
    const e = new YamlTextEditor(text);
    expect(e.appendComment(0, 'why')).toBe(true);
    expect(e.appendComment(6, 'why')).toBe(false);
    expect(e.result()).toBe('a: 1 # why\nb: 2 # note\n');
  });

  it('detects the indentation step', () => {
    const four = 'jobs:\n    build:\n        runs-on: x\n';
    expect(detectIndentUnit(four, parseYamlWithPositions(four, 'w.yml'))).toBe('    ');
  });
});
