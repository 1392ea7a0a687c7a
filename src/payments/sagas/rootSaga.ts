import { PURGE } from 'redux-persist';
import { call, fork, put, setContext, takeEvery } from 'typed-redux-saga';
import { purgeSeen } from '../paymentFlowsSlice.js';
import { coalesceFlushes } from '../persistence/coalescedFlush.js';
import { realtimeSaga } from '../socket/realtimeSaga.js';
import { DEPS_KEY, type PaymentsDeps } from './deps.js';
import { createFlowRegistry, REGISTRY_KEY, type FlowRegistry } from './flowRegistry.js';
import { retireInBatches } from './flowSaga.js';
import { superviseFlows } from './flowSupervisor.js';
import { redirectOnRequest } from './redirectSaga.js';
import { waitForRehydration } from './resumeSaga.js';
import { safely } from './safely.js';
import { shareFlowsWithTabs } from './sharedTabs.js';

/** The context every payments saga reads: the host's dependencies and the flows' registry. */
export function createSagaContext(deps: PaymentsDeps): {
  [DEPS_KEY]: PaymentsDeps;
  [REGISTRY_KEY]: FlowRegistry;
} {
  const { persistence } = deps;
  const withCoalescedFlushes = persistence
    ? { ...deps, persistence: { ...persistence, flush: coalesceFlushes(persistence.flush) } }
    : deps;
  return { [DEPS_KEY]: withCoalescedFlushes, [REGISTRY_KEY]: createFlowRegistry() };
}

/**
 * Mount with `sagaMiddleware.run(paymentsSaga, deps)` in a host app's own store. Each part runs
 * under `safely`: an error is logged and that part restarts, so a throwing host callback
 * (`navigate`, `refreshAuthToken`) never stops the payments. They are forks, not spawns, so
 * that cancelling this saga (the store's `close()`) still stops them all.
 */
export function* paymentsSaga(deps: PaymentsDeps) {
  yield* setContext(createSagaContext(deps));
  // PersistGate only gates the UI: no flow work may start before the saved flows are back.
  if (deps.persistence) yield* call(waitForRehydration, deps.persistence.key);
  const { realtime } = deps;
  if (realtime) yield* fork(safely, 'realtime', realtimeSaga, realtime.socket, realtime.options);
  if (deps.persistence) yield* fork(safely, 'purge', writePurgedState);
  yield* fork(safely, 'redirect', redirectOnRequest);
  yield* fork(safely, 'retirement', retireInBatches);
  if (deps.tabs) yield* fork(safely, 'tabs', shareFlowsWithTabs, deps.tabs);
  yield* call(safely, 'flows', superviseFlows);
}

/** After a purge (a logout), the persister is handed the emptied slice (see `purgeSeen`). */
function* writePurgedState() {
  yield* takeEvery(PURGE, function* () {
    yield* put(purgeSeen());
  });
}
