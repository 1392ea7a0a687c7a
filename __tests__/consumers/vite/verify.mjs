// The build exited 0; check that it wrote the bundle with the library and its stylesheet in it.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';

const assets = new URL('./dist/assets/', import.meta.url);
const files = await readdir(assets);
const read = async (extension) => {
  const texts = await Promise.all(
    files
      .filter((file) => file.endsWith(extension))
      .map((file) => readFile(new URL(file, assets), 'utf8')),
  );
  return texts.join('\n');
};
const js = await read('.js');
const css = await read('.css');
for (const text of ['/api/bookings', 'Book a resource']) {
  assert.ok(js.includes(text), `the JS bundle does not contain ${JSON.stringify(text)}`);
}
assert.match(css, /--pf-color-primary/, 'the stylesheet is not in the CSS bundle');
console.log(
  `vite: ${js.length} bytes of JS and ${css.length} of CSS, with the library and its styles`,
);
