import { configureStore } from '@reduxjs/toolkit';
import { call } from 'typed-redux-saga';
import { createLiveSagaMiddleware } from '../../../src/payments/sagas/liveSagas';

function* failingStep(): Generator {
  yield* call(() => Promise.resolve());
  throw new Error('boom');
}

function* rootWithAnUncaughtError() {
  yield* call(failingStep);
}

describe('createLiveSagaMiddleware', () => {
  it('hands an error no saga caught to onError, with the saga stack that threw it (issue 12)', async () => {
    const errors: { message: string; sagaStack: string }[] = [];
    const sagas = createLiveSagaMiddleware({
      onError: (error, sagaStack) => errors.push({ message: error.message, sagaStack }),
    });
    const store = configureStore({
      reducer: (state: { n: number } = { n: 0 }) => state,
      middleware: (getDefaultMiddleware) => getDefaultMiddleware().concat(sagas.middleware),
    });
    const task = sagas.run(store, rootWithAnUncaughtError);
    await task.toPromise().catch(() => undefined);

    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toBe('boom');
    expect(errors[0]?.sagaStack).toContain('failingStep');
    expect(errors[0]?.sagaStack).toContain('rootWithAnUncaughtError');
  });
});
