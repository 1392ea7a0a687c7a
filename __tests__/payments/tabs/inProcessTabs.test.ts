import { createTabHub, type InProcessTab } from '../../helpers/inProcessTabs';

const settled = (): Promise<void> =>
  new Promise((resolve) => {
    setImmediate(resolve);
  });

function listenTo(tab: InProcessTab) {
  const received: unknown[] = [];
  const unsubscribe = tab.channel.subscribe((message) => received.push(message));
  return { received, unsubscribe };
}

describe('the in-process tab hub', () => {
  it('grants a name first come first served, later, and to the next once released or closed', async () => {
    const hub = createTabHub();
    const [a, b, c] = [hub.openTab(), hub.openTab(), hub.openTab()];
    const [grantedA, grantedB, grantedC] = [jest.fn(), jest.fn(), jest.fn()];
    const releaseA = a.locks.request('flow-1', { granted: grantedA });
    b.locks.request('flow-1', { granted: grantedB });
    c.locks.request('flow-1', { granted: grantedC });
    expect(grantedA).not.toHaveBeenCalled();
    await settled();
    expect([grantedA, grantedB, grantedC].map((f) => f.mock.calls.length)).toEqual([1, 0, 0]);

    releaseA();
    releaseA();
    await settled();
    expect([grantedA, grantedB, grantedC].map((f) => f.mock.calls.length)).toEqual([1, 1, 0]);

    b.close();
    await settled();
    expect([grantedA, grantedB, grantedC].map((f) => f.mock.calls.length)).toEqual([1, 1, 1]);
  });

  it('never calls granted for a request given up before its grant was delivered', async () => {
    const hub = createTabHub();
    const [a, b] = [hub.openTab(), hub.openTab()];
    const [grantedA, grantedB] = [jest.fn(), jest.fn()];

    const releaseA = a.locks.request('flow-1', { granted: grantedA });
    b.locks.request('flow-1', { granted: grantedB });
    releaseA();
    await settled();

    expect(grantedA).not.toHaveBeenCalled();
    expect(grantedB).toHaveBeenCalledTimes(1);
  });

  it('releases a crashed tab’s locks, withdraws its requests and grants it nothing more', async () => {
    const hub = createTabHub();
    const [a, b, c] = [hub.openTab(), hub.openTab(), hub.openTab()];
    const grantedB = jest.fn();
    a.locks.request('flow-1', { granted: jest.fn() });
    const releaseB2 = b.locks.request('flow-2', { granted: jest.fn() });
    const waitingA = jest.fn();
    a.locks.request('flow-2', { granted: waitingA });
    b.locks.request('flow-1', { granted: grantedB });
    await settled();

    a.crash();
    const afterCrash = jest.fn();
    a.locks.request('flow-3', { granted: afterCrash });
    releaseB2();
    const grantedC = jest.fn();
    c.locks.request('flow-2', { granted: grantedC });
    await settled();

    expect(grantedB).toHaveBeenCalledTimes(1);
    expect(grantedC).toHaveBeenCalledTimes(1);
    expect(waitingA).not.toHaveBeenCalled();
    expect(afterCrash).not.toHaveBeenCalled();
  });

  it('delivers a copy of a message to every other tab, later, and never back to the sender', async () => {
    const hub = createTabHub();
    const [a, b, c] = [hub.openTab(), hub.openTab(), hub.openTab()];
    const [inA, inB, inC] = [listenTo(a), listenTo(b), listenTo(c)];
    const message = { type: 'flowChanged', flowId: 'flow-1' };

    a.channel.post(message);
    message.flowId = 'mutated after posting';
    expect(inB.received).toEqual([]);
    await settled();

    expect(inA.received).toEqual([]);
    expect(inB.received).toEqual([{ type: 'flowChanged', flowId: 'flow-1' }]);
    expect(inC.received).toEqual(inB.received);
    expect(inC.received[0]).not.toBe(inB.received[0]);
  });

  it('stops messages to and from a crashed tab, including those still in flight', async () => {
    const hub = createTabHub();
    const [a, b] = [hub.openTab(), hub.openTab()];
    const [inA, inB] = [listenTo(a), listenTo(b)];

    a.channel.post('in flight');
    b.channel.post('to the crashed tab');
    a.crash();
    a.channel.post('after the crash');
    await settled();

    expect(inA.received).toEqual([]);
    expect(inB.received).toEqual([]);
  });

  it('delivers what a tab posted before closing, and stops delivering to a listener that left', async () => {
    const hub = createTabHub();
    const [a, b] = [hub.openTab(), hub.openTab()];
    const [first, second] = [listenTo(b), listenTo(b)];

    first.unsubscribe();
    a.channel.post('goodbye');
    a.close();
    await settled();

    expect(first.received).toEqual([]);
    expect(second.received).toEqual(['goodbye']);
  });
});
