import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PF_CLASS_NAMES } from '../../../src/components/ui/classNames';

/** The class-name table of docs/COMPONENTS.md: part → class, as a host reads it. */
function documentedParts(): Record<string, string> {
  const doc = readFileSync(join(__dirname, '../../../docs/COMPONENTS.md'), 'utf8');
  const rows = doc.matchAll(/^\| `(\w+)`\s*\| `(pf-[\w-]+)`\s*\|/gm);
  return Object.fromEntries([...rows].map((row): [string, string] => [row[1] ?? '', row[2] ?? '']));
}

test('docs/COMPONENTS.md lists exactly the parts PF_CLASS_NAMES names, with their classes', () => {
  expect(documentedParts()).toEqual(PF_CLASS_NAMES);
});
