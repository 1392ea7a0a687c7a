/** @jest-environment jsdom */
import { screen, within } from '@testing-library/react';
import { FlowDebugPanel } from '../../../src/demo/FlowDebugPanel';
import {
  bookingCreated,
  bookingRequested,
  flowStarted,
  paymentStatusesReceived,
  paymentSubmitted,
} from '../../../src/payments/paymentFlowsSlice';
import { T0 } from '../flowFixtures';
import { renderWithProviders, setupStore } from '../test-utils';

const SECRET = 'pi_123_secret_abc';

/** A flow asked for 3-D Secure, whose bank URL carries a client secret. */
function storeWithFlow() {
  const store = setupStore();
  const started = flowStarted(
    { resourceId: 'room-a', start: T0, durationMinutes: 60, bookingType: 'FIRM' },
    T0,
  );
  const { flowId } = started.payload;
  store.dispatch(started);
  store.dispatch(bookingRequested({ flowId, at: T0 + 1_000 }));
  store.dispatch(
    bookingCreated({
      flowId,
      at: T0 + 2_000,
      bookingId: 'bk_1',
      payment: { paymentId: 'pay_1', seq: 1 },
    }),
  );
  store.dispatch(paymentSubmitted({ flowId, at: T0 + 3_000, paymentMethodId: 'pm_card_3ds' }));
  store.dispatch(
    paymentStatusesReceived({
      at: T0 + 4_000,
      updates: [
        {
          paymentId: 'pay_1',
          status: 'requiresAction',
          seq: 2,
          occurredAt: T0 + 4_000,
          nextAction: {
            type: 'redirectToUrl',
            url: `https://bank.example/3ds?client_secret=${SECRET}`,
          },
        },
      ],
    }),
  );
  return { store, flowId };
}

/** What the page hands the browser to download: the blob's text and the file name. */
function captureDownloads() {
  const blobs: Blob[] = [];
  const names: string[] = [];
  Object.assign(URL, {
    createObjectURL: (blob: Blob) => {
      blobs.push(blob);
      return `blob:report-${blobs.length}`;
    },
    revokeObjectURL: () => undefined,
  });
  const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
    this: HTMLAnchorElement,
  ) {
    names.push(this.download);
  });
  return {
    blobs,
    names,
    restore: () => {
      click.mockRestore();
    },
  };
}

/** jsdom’s Blob has no text(): read it as a page would have before it existed. */
function textOf(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      resolve(typeof reader.result === 'string' ? reader.result : '');
    };
    reader.onerror = () => {
      reject(new Error('unreadable blob'));
    };
    reader.readAsText(blob);
  });
}

describe('the demo’s debug panel', () => {
  it('lists the flow’s transitions with cause, seq and attempt, in a collapsible panel', async () => {
    const { store, flowId } = storeWithFlow();
    const { user } = renderWithProviders(<FlowDebugPanel flowId={flowId} label="Room A" />, {
      store,
    });

    const summary = screen.getByText('Timeline (4)');
    expect(summary.closest('details')).not.toHaveAttribute('open');
    await user.click(summary);

    const steps = within(screen.getByRole('list')).getAllByRole('listitem');
    expect(steps.map((step) => step.textContent)).toEqual([
      expect.stringMatching(/^draft → creatingBooking bookingRequested, .+, seq 0, attempt 0$/),
      expect.stringMatching(
        /^creatingBooking → awaitingPayment bookingCreated, .+, seq 1, attempt 0$/,
      ),
      expect.stringMatching(
        /^awaitingPayment → confirmingPayment paymentSubmitted, .+, seq 1, attempt 1$/,
      ),
      expect.stringMatching(/^confirmingPayment → requiresAction server, .+, seq 2, attempt 1$/),
    ]);
  });

  it('downloads payment-flow-<flowId>.json: the flow’s report, with the action log and no secret', async () => {
    const { store, flowId } = storeWithFlow();
    const downloads = captureDownloads();
    try {
      const { user } = renderWithProviders(
        <FlowDebugPanel flowId={flowId} label="Room A" actions={() => store.actions} />,
        { store },
      );
      await user.click(screen.getByText('Timeline (4)'));

      await user.click(screen.getByRole('button', { name: 'Download debug report for Room A' }));

      expect(downloads.names).toEqual([`payment-flow-${flowId}.json`]);
      const text = await textOf(downloads.blobs[0]!);
      const report = JSON.parse(text) as { flowId: string; actions: unknown[]; flow: unknown };
      expect(report).toMatchObject({ flowId, flow: { flowId, status: 'requiresAction' } });
      expect(report.actions).toHaveLength(store.actions.length);
      expect(text).not.toContain(SECRET);
    } finally {
      downloads.restore();
    }
  });
});
