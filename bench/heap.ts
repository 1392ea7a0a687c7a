import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { nextMacrotask } from './waits';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/**
 * Full collections until what is left is only what is still reachable. Before a timed trial,
 * so it does not pay for the garbage of the trials before it: a page load starts on a fresh heap.
 */
export async function settledHeap(): Promise<number> {
  for (let round = 0; round < 3; round += 1) {
    collectGarbage();
    await nextMacrotask();
  }
  return process.memoryUsage().heapUsed;
}
