// Prints the demo bundle's gzip size, dependencies (vendor chunk) apart from our own code.
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const files = readdirSync('demo-dist').filter((file) => file.endsWith('.js'));
let total = 0;
for (const file of files) {
  const bytes = readFileSync(`demo-dist/${file}`);
  const gzipped = gzipSync(bytes, { level: 9 }).length;
  total += gzipped;
  console.log(
    `${file.padEnd(28)} ${(bytes.length / 1024).toFixed(1).padStart(7)} KiB  gzip ${(gzipped / 1024).toFixed(1).padStart(6)} KiB`,
  );
}
console.log(
  `${'total'.padEnd(28)} ${''.padStart(11)}  gzip ${(total / 1024).toFixed(1).padStart(6)} KiB`,
);
