/**
 * @jest-environment jsdom
 */
import { act } from '@testing-library/react';
import type * as FlowStepExports from '../../../src/components/paymentFlow/FlowStep';
import { PaymentFlow } from '../../../src/components/paymentFlow/PaymentFlow';
import { socketConnected, socketDisconnected } from '../../../src/payments/socket/connectionSlice';
import { flowAwaitingPayment, T0 } from '../flowFixtures';
import { renderWithProviders, setupStore } from '../test-utils';

type FlowStepModule = typeof FlowStepExports;

/** Renders of each flow's step: a view that re-renders renders its step again. */
const stepRenders = { count: 0 };
jest.mock('../../../src/components/paymentFlow/FlowStep', () => {
  const actual = jest.requireActual<FlowStepModule>('../../../src/components/paymentFlow/FlowStep');
  return {
    ...actual,
    FlowStep: (props: Parameters<typeof actual.FlowStep>[0]) => {
      stepRenders.count += 1;
      return actual.FlowStep(props);
    },
  };
});

async function mountViews(views = 50) {
  const store = setupStore();
  const flowIds = Array.from({ length: views }, () => flowAwaitingPayment(store).flowId);
  const view = renderWithProviders(
    <>
      {flowIds.map((flowId) => (
        <PaymentFlow key={flowId} flowId={flowId} />
      ))}
    </>,
    { store },
  );
  await act(() => Promise.resolve());
  return Object.assign(store, { unmount: view.unmount });
}

beforeEach(() => {
  jest.useFakeTimers({ now: T0 });
  stepRenders.count = 0;
});

afterEach(() => {
  jest.useRealTimers();
});

describe('the cost of many mounted flow views (issue 11)', () => {
  it('a connection change re-renders the banners, not the flows', async () => {
    const store = await mountViews();
    act(() => {
      store.dispatch(socketConnected({ at: T0 }));
    });
    stepRenders.count = 0;

    act(() => {
      store.dispatch(socketDisconnected({ reason: 'transport close', at: 4 }));
    });

    expect(stepRenders.count).toBe(0);
  });

  it('every countdown ticks from one shared timer: 50 views hold no more timers than one', async () => {
    const timersAdded = async (views: number) => {
      const before = jest.getTimerCount();
      const mounted = await mountViews(views);
      const added = jest.getTimerCount() - before;
      mounted.unmount();
      return added;
    };
    const forOne = await timersAdded(1);
    expect(await timersAdded(50)).toBe(forOne);
  });
});
