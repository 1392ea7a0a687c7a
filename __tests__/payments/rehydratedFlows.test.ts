import { REHYDRATE } from 'redux-persist';
import { touchedFlowIds } from '../../src/payments/flowChanges';
import { silentLogger } from '../../src/payments/logger';
import {
  persistFlows,
  reconcileRestored,
  restoreFlows,
} from '../../src/payments/persistence/persistedFlows';
import { linkedFlows } from '../helpers/linkedFlows';
import { persistedFlow } from './persistence/persistenceHarness';

describe('the flows a REHYDRATE touches', () => {
  it('are those it brings and those it displaces, not every flow held', () => {
    const { state: held, flowIds } = linkedFlows(1_000);
    const moved = persistFlows(held).flows.filter((flow) => flow.flowId === flowIds[7]);
    const sharesDraft = persistFlows(held).flows.find((flow) => flow.flowId === flowIds[3]);
    // Another flow for flow 3's booking draft: flow 3 may give way to it.
    const brought = persistedFlow({ status: 'creatingBooking', booking: sharesDraft?.booking });
    const payload = { paymentFlows: restoreFlows({ flows: [...moved, brought] }, silentLogger) };
    const action = { type: REHYDRATE, key: 'payment-flows', payload };
    const { paymentFlows: after } = reconcileRestored(
      payload,
      { paymentFlows: held },
      { paymentFlows: held },
    );

    expect(touchedFlowIds(action, after, held).sort()).toEqual(
      [flowIds[7] ?? '', brought.flowId, flowIds[3] ?? ''].sort(),
    );
  });

  it('are none for a payload that holds no flows’ state', () => {
    const { state } = linkedFlows(3);
    for (const payload of [undefined, null, 5, { paymentFlows: { flows: 'x' } }, { other: {} }]) {
      const action = { type: REHYDRATE, key: 'payment-flows', payload };
      expect(touchedFlowIds(action, state, state)).toEqual([]);
    }
  });
});
