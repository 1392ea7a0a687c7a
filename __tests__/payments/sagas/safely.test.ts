import { runSaga, type Saga } from 'redux-saga';
import { call, delay, fork } from 'typed-redux-saga';
import { createLogger } from '../../../src/payments/logger';
import { DEPS_KEY, defaultTimings, type PaymentsDeps } from '../../../src/payments/sagas/deps';
import { safely } from '../../../src/payments/sagas/safely';

function run<Args extends unknown[]>(saga: (...args: Args) => Generator, ...args: Args) {
  const errors: string[] = [];
  const deps = {
    logger: createLogger({
      sink: (level, message) => {
        if (level === 'error') errors.push(message);
      },
    }),
    timings: { ...defaultTimings, restartDelayMs: 1 },
  } as Partial<PaymentsDeps>;
  const task = runSaga(
    { context: { [DEPS_KEY]: deps }, dispatch: () => undefined, getState: () => ({}) },
    safely as Saga<[string, (...a: Args) => Generator, ...Args]>,
    'worker',
    saga,
    ...args,
  );
  return { task, errors };
}

describe('safely', () => {
  it('returns when the saga returns', async () => {
    const runs: string[] = [];
    const { task, errors } = run(function* worker(name: string) {
      runs.push(name);
      yield* delay(0);
    }, 'once');

    await task.toPromise();

    expect(runs).toEqual(['once']);
    expect(errors).toEqual([]);
  });

  it('logs an error and runs the saga again', async () => {
    let runs = 0;
    const { task, errors } = run(function* worker() {
      runs += 1;
      yield* delay(0);
      if (runs < 3) throw new Error(`failure ${runs}`);
    });

    await task.toPromise();

    expect(runs).toBe(3);
    expect(errors).toEqual(['worker failed; restarting it', 'worker failed; restarting it']);
  });

  it('catches what a fork of the saga throws, too', async () => {
    let runs = 0;
    function* failingChild() {
      yield* delay(0);
      throw new Error('child failed');
    }
    const { task, errors } = run(function* worker() {
      runs += 1;
      if (runs === 1) yield* fork(failingChild);
      yield* delay(5);
    });

    await task.toPromise();

    expect(runs).toBe(2);
    expect(errors).toHaveLength(1);
  });

  it('cancelling it cancels the saga it runs, so a store can close', async () => {
    let finished = false;
    const { task } = run(function* worker() {
      yield* call(() => new Promise(() => undefined));
      finished = true;
    });

    task.cancel();
    await task.toPromise();

    expect(task.isCancelled()).toBe(true);
    expect(finished).toBe(false);
  });
});
