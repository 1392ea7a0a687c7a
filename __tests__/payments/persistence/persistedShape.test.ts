import { createMigrate } from 'redux-persist';
import { silentLogger } from '../../../src/payments/logger';
import { flowByIdIn } from '../../../src/payments/flowState';
import { migrations, PERSIST_VERSION } from '../../../src/payments/persistence/migrations';
import { persistedFlowSchema, toPersistedFlow } from '../../../src/payments/persistence/flowRecord';
import { persistFlows, restoreFlows } from '../../../src/payments/persistence/persistedFlows';
import { createScriptedFetch } from '../../helpers/scriptedFetch';
import { createMemoryStorage } from '../../helpers/memoryStorage';
import { waitForStatus } from '../../helpers/paymentsTestStore';
import type { PaymentFlow } from '../../../src/payments/types';
import {
  closeAllApps,
  persistedFlow,
  rehydrated,
  startApp,
  STORAGE_KEY,
  storedValue,
} from './persistenceHarness';

afterEach(closeAllApps);

/**
 * `Required`: a field added to PaymentFlow does not compile here until it is set, so the shape
 * below is always taken from a flow with every optional field present.
 */
const everyField: Required<PaymentFlow> = {
  flowId: 'flow-shape',
  bookingId: 'bk_shape',
  paymentId: 'pay_shape',
  status: 'requiresAction',
  booking: { resourceId: 'room-1', start: 0, durationMinutes: 60, bookingType: 'FIRM' },
  amount: { value: 5000, currency: 'EUR' },
  holdExpiresAt: 1,
  attempt: 1,
  paymentMethodId: 'pm_card_visa',
  returnPath: '/book?payment_flow=flow-shape',
  serverSeq: 3,
  error: { code: 'card_declined', message: 'Declined', retriable: true },
  nextAction: { type: 'redirectToUrl', url: 'https://acs.example/3ds' },
  createdAt: 1,
  updatedAt: 2,
  history: [
    {
      from: 'confirmingPayment',
      to: 'requiresAction',
      cause: 'server',
      at: 2,
      serverSeq: 3,
      attempt: 1,
    },
  ],
};

/** Every key path of a value: `booking.resourceId`, `history[].from`. */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => keyPaths(item, `${prefix}[]`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return [path, ...keyPaths(item, path)];
  });
}

const shapeOf = (value: unknown) => [...new Set(keyPaths(value))].sort();

/**
 * The stored shape of every released version. Never edit a recorded entry: when the shape
 * changes, bump PERSIST_VERSION, add the migration, and record the new shape under it.
 */
const RECORDED_SHAPES: Record<number, string[]> = {
  1: [
    'amount',
    'amount.currency',
    'amount.value',
    'attempt',
    'booking',
    'booking.bookingType',
    'booking.durationMinutes',
    'booking.resourceId',
    'booking.start',
    'bookingId',
    'createdAt',
    'error',
    'error.code',
    'error.message',
    'error.retriable',
    'flowId',
    'history',
    'history[].at',
    'history[].cause',
    'history[].from',
    'history[].to',
    'holdExpiresAt',
    'paymentId',
    'paymentMethodId',
    'serverSeq',
    'status',
    'updatedAt',
  ],

  2: [
    'amount',
    'amount.currency',
    'amount.value',
    'attempt',
    'booking',
    'booking.bookingType',
    'booking.durationMinutes',
    'booking.resourceId',
    'booking.start',
    'bookingId',
    'createdAt',
    'error',
    'error.code',
    'error.message',
    'error.retriable',
    'flowId',
    'history',
    'history[].at',
    'history[].cause',
    'history[].from',
    'history[].to',
    'holdExpiresAt',
    'paymentId',
    'paymentMethodId',
    'returnPath',
    'serverSeq',
    'status',
    'updatedAt',
  ],

  3: [
    'amount',
    'amount.currency',
    'amount.value',
    'attempt',
    'booking',
    'booking.bookingType',
    'booking.durationMinutes',
    'booking.resourceId',
    'booking.start',
    'bookingId',
    'createdAt',
    'error',
    'error.code',
    'error.message',
    'error.retriable',
    'flowId',
    'history',
    'history[].at',
    'history[].attempt',
    'history[].cause',
    'history[].from',
    'history[].serverSeq',
    'history[].to',
    'holdExpiresAt',
    'paymentId',
    'paymentMethodId',
    'returnPath',
    'serverSeq',
    'status',
    'updatedAt',
  ],

  // Version 4 adds `retired` next to the flows (RECORDED_CONTAINER_KEYS); a flow is unchanged.
  4: [
    'amount',
    'amount.currency',
    'amount.value',
    'attempt',
    'booking',
    'booking.bookingType',
    'booking.durationMinutes',
    'booking.resourceId',
    'booking.start',
    'bookingId',
    'createdAt',
    'error',
    'error.code',
    'error.message',
    'error.retriable',
    'flowId',
    'history',
    'history[].at',
    'history[].attempt',
    'history[].cause',
    'history[].from',
    'history[].serverSeq',
    'history[].to',
    'holdExpiresAt',
    'paymentId',
    'paymentMethodId',
    'returnPath',
    'serverSeq',
    'status',
    'updatedAt',
  ],
};
// Version 5 stores each flow under its own key (storageLayout.ts); a flow is unchanged.
RECORDED_SHAPES[5] = RECORDED_SHAPES[4] ?? [];

/** The keys of the stored `paymentFlows` value, per version. */
const RECORDED_CONTAINER_KEYS: Record<number, string[]> = {
  1: ['flows'],
  2: ['flows'],
  3: ['flows'],
  4: ['flows', 'retired'],
  5: ['flows', 'retired'],
};

function expectRecordedShape(actual: string[]): void {
  const recorded = RECORDED_SHAPES[PERSIST_VERSION] ?? [];
  const added = actual.filter((path) => !recorded.includes(path));
  const removed = recorded.filter((path) => !actual.includes(path));
  if (added.length === 0 && removed.length === 0) return;
  throw new Error(
    [
      `The persisted flow shape changed without a new version (PERSIST_VERSION is ${PERSIST_VERSION}).`,
      `  added: ${added.join(', ') || '-'}; removed: ${removed.join(', ') || '-'}`,
      'Flows saved by the released version would no longer restore. Bump PERSIST_VERSION in',
      `src/payments/persistence/migrations.ts to ${PERSIST_VERSION + 1}, add migrations[${PERSIST_VERSION + 1}]`,
      `carrying version ${PERSIST_VERSION} data forward, and record the new shape in RECORDED_SHAPES.`,
    ].join('\n'),
  );
}

describe('the persisted shape', () => {
  it('is the shape recorded for the current PERSIST_VERSION', () => {
    expectRecordedShape(shapeOf(toPersistedFlow(everyField)));
  });

  it('holds the container keys recorded for the current PERSIST_VERSION', () => {
    const state = restoreFlows({ flows: [toPersistedFlow(everyField)] }, silentLogger);

    expect(Object.keys(persistFlows(state)).sort()).toEqual(
      RECORDED_CONTAINER_KEYS[PERSIST_VERSION],
    );
  });

  it('never includes the redirect URL', () => {
    expect(shapeOf(toPersistedFlow(everyField))).not.toContain('nextAction');
  });

  it('is what the restore schema accepts, field for field', () => {
    const written = Object.keys(toPersistedFlow(everyField)).sort();

    expect(Object.keys(persistedFlowSchema.shape).sort()).toEqual(written);
    expect(persistedFlowSchema.safeParse(toPersistedFlow(everyField)).success).toBe(true);
  });

  it('round-trips through JSON and restore unchanged', () => {
    const stored: unknown = JSON.parse(JSON.stringify({ flows: [toPersistedFlow(everyField)] }));

    const state = restoreFlows(stored, silentLogger);

    expect(flowByIdIn(state, 'flow-shape')).toEqual(toPersistedFlow(everyField));
  });
});

describe('migrations', () => {
  it('has a step for every version from 1 to PERSIST_VERSION', () => {
    const versions = Array.from({ length: PERSIST_VERSION }, (_, index) => index + 1);

    for (const version of versions) expect(typeof migrations[version]).toBe('function');
    expect(
      Object.keys(migrations)
        .map(Number)
        .sort((a, b) => a - b),
    ).toEqual(versions);
  });

  it('carry the oldest stored version to the current one', async () => {
    const stored = {
      paymentFlows: { flows: [persistedFlow()] },
      _persist: { version: 1, rehydrated: true },
    };

    const migrated = await createMigrate(migrations)(stored, PERSIST_VERSION);

    expect(migrated).toBeDefined();
  });

  it('step 4 gives a version 3 value an empty `retired`, keeping its flows', async () => {
    const flow = persistedFlow();
    const stored = { paymentFlows: { flows: [flow] }, _persist: { version: 3, rehydrated: true } };

    const migrated = await createMigrate(migrations)(stored, 4);

    expect(migrated).toMatchObject({ paymentFlows: { flows: [flow], retired: {} } });
  });

  it('a version 2 history entry, without the seq and attempt of the timeline, is restored as stored', () => {
    const flow = persistedFlow({
      status: 'awaitingPayment',
      bookingId: 'bk_v2',
      paymentId: 'pay_v2',
      history: [{ from: 'creatingBooking', to: 'awaitingPayment', cause: 'bookingCreated', at: 5 }],
    });

    const state = restoreFlows({ flows: [flow] }, silentLogger);

    expect(flowByIdIn(state, flow.flowId)?.history).toEqual(flow.history);
    expect(flowByIdIn(state, flow.flowId)?.history[0]).not.toHaveProperty('serverSeq');
  });

  // Version 2 as first released checked a return path only for its leading `/`; the same-origin
  // check came later. A payment under way must come back without the path, not be dropped.
  it.each([
    ['a % that is no escape', '/sale/50%-off?payment_flow=f'],
    ['an escaped newline', '/book?note=a%0Ab&payment_flow=f'],
    ['more than 512 characters', `/book?payment_flow=f&ref=${'x'.repeat(600)}`],
  ])('a version 2 flow whose return path is %s is restored, without it', async (_, returnPath) => {
    const flow = persistedFlow({
      status: 'processing',
      bookingId: 'bk_rp',
      paymentId: 'pay_rp',
      attempt: 1,
      paymentMethodId: 'pm_card_visa',
      serverSeq: 2,
      returnPath,
    });
    const memory = createMemoryStorage({ [STORAGE_KEY]: storedValue([flow], 2) });
    const server = createScriptedFetch();
    const app = startApp({ memory, api: { baseUrl: server.baseUrl, fetch: server.fetch } });

    await rehydrated(app);

    const restored = flowByIdIn(app.store.getState().paymentFlows, flow.flowId);
    expect(restored?.paymentId).toBe('pay_rp');
    expect(restored?.returnPath).toBeUndefined();
  });

  it('a store at the current version restores a flow stored at the current version', async () => {
    const flow = persistedFlow({
      status: 'awaitingPayment',
      bookingId: 'bk_v',
      paymentId: 'pay_v',
    });
    const memory = createMemoryStorage({ [STORAGE_KEY]: storedValue([flow]) });
    const server = createScriptedFetch();
    const app = startApp({ memory, api: { baseUrl: server.baseUrl, fetch: server.fetch } });

    await rehydrated(app);

    await waitForStatus(app.store, flow.flowId, 'awaitingPayment');
  });

  // redux-persist runs a transform's `out` before `migrate`: restoring must wait for the steps.
  test('a migration step receives the stored shape { paymentFlows: { flows } }', async () => {
    const seen: unknown[] = [];
    const flow = persistedFlow({
      status: 'awaitingPayment',
      bookingId: 'bk_m',
      paymentId: 'pay_m',
    });
    const memory = createMemoryStorage({ [STORAGE_KEY]: storedValue([flow], 1) });
    const server = createScriptedFetch();
    const app = startApp({
      memory,
      api: { baseUrl: server.baseUrl, fetch: server.fetch },
      migrations: {
        version: 2,
        manifest: {
          1: (state) => state,
          2: (state) => {
            seen.push((state as unknown as { paymentFlows: unknown }).paymentFlows);
            return state;
          },
        },
      },
    });

    await rehydrated(app);

    expect(seen).toEqual([{ flows: [flow] }]);
  });
});
