// The build exited 0; check that it wrote the bundle and that the library is in it.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

const bundle = await readFile(new URL('./dist/main.js', import.meta.url), 'utf8');
assert.ok(bundle.length > 50_000, `dist/main.js is only ${bundle.length} bytes`);
// Strings the library carries, minified or not: its booking route and the modal title.
for (const text of ['/api/bookings', 'Book a resource']) {
  assert.ok(bundle.includes(text), `dist/main.js does not contain ${JSON.stringify(text)}`);
}
console.log(`webpack-default: dist/main.js ${bundle.length} bytes, with the library in it`);
