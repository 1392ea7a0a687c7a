#!/usr/bin/env node
/**
 * `npx payment-flows-conformance --url <backend> --token <token>` (in this repository,
 * `npm run conformance -- …`): runs this module's client against a
 * backend that implements docs/PROTOCOL.md and prints what conforms. Exit code 1 if anything
 * does not. `--succeeds`, `--declined` and `--3ds` name the backend's test payment methods.
 */
import { parseArgs } from 'node:util';
import { runConformance, type Backend } from './scenarios.js';

function backendFromArgs(): Backend {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      token: { type: 'string', default: 'demo-token' },
      'timeout-ms': { type: 'string', default: '15000' },
      succeeds: { type: 'string', default: 'pm_card_visa' },
      declined: { type: 'string', default: 'pm_card_declined' },
      '3ds': { type: 'string', default: 'pm_card_3ds' },
    },
  });
  if (values.url === undefined) throw new Error('--url <backend base URL> is required');
  return {
    url: values.url.replace(/\/$/, ''),
    token: values.token,
    timeoutMs: Number(values['timeout-ms']),
    methods: { succeeds: values.succeeds, declined: values.declined, threeDSecure: values['3ds'] },
  };
}

const backend = backendFromArgs();
process.stdout.write(`payment-flows conformance against ${backend.url}\n`);
const results = await runConformance(backend);
for (const result of results) {
  const mark = result.passed ? 'conforms ' : 'FAILS    ';
  const why = result.reason === undefined ? '' : `: ${result.reason}`;
  process.stdout.write(`${mark} ${result.name} (${Math.round(result.ms)} ms)${why}\n`);
}
const failed = results.filter((result) => !result.passed).length;
process.stdout.write(`${results.length - failed} of ${results.length} scenarios conform\n`);
process.exit(failed === 0 ? 0 : 1);
