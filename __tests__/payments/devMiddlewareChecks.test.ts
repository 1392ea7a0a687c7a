import { configureStore } from '@reduxjs/toolkit';
import {
  paymentFlowsReducer,
  paymentStatusesReceived,
  paymentSubmitted,
  flowStarted,
  bookingRequested,
} from '../../src/payments/paymentFlowsSlice';
import { LINKED_T0 as T0, linkedFlows } from '../helpers/linkedFlows';

test('RTK dev checks stay quiet and earlier states stay as they were', () => {
  const { state, flowIds } = linkedFlows(300);
  const errors: unknown[] = [];
  const spies = [
    jest.spyOn(console, 'error').mockImplementation((...a) => errors.push(a)),
    jest.spyOn(console, 'warn').mockImplementation((...a) => errors.push(a)),
  ];
  const store = configureStore({
    reducer: { paymentFlows: paymentFlowsReducer },
    preloadedState: { paymentFlows: state },
  });
  const snapshots: [unknown, string][] = [];
  const keep = () => {
    const s = store.getState();
    snapshots.push([s, JSON.stringify(s)]);
  };
  keep();
  store.dispatch(
    paymentStatusesReceived({
      updates: flowIds.map((_, i) => ({
        paymentId: `pay_${i}`,
        status: 'processing' as const,
        seq: 2,
        occurredAt: T0 + 5,
      })),
      at: T0 + 5,
    }),
  );
  keep();
  store.dispatch(paymentSubmitted({ flowId: flowIds[3] ?? '', at: T0 + 6, paymentMethodId: 'p' }));
  keep();
  const started = flowStarted(
    { resourceId: 'r-new', start: T0, durationMinutes: 60, bookingType: 'FIRM' },
    T0,
  );
  store.dispatch(started);
  store.dispatch(bookingRequested({ flowId: started.payload.flowId, at: T0 + 7 }));
  keep();
  store.dispatch(
    paymentStatusesReceived({
      updates: [{ paymentId: 'pay_4', status: 'succeeded', seq: 3, occurredAt: T0 + 8 }],
      at: T0 + 8,
    }),
  );
  for (const [s, json] of snapshots) expect(JSON.stringify(s)).toBe(json);
  for (const spy of spies) spy.mockRestore();
  expect(
    errors.filter((e) => !String(e).includes('which is more than the warning threshold')),
  ).toEqual([]);
});
