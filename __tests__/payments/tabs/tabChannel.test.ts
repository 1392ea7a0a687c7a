import {
  createBroadcastTabChannel,
  createStorageTabChannel,
  type TabChannel,
} from '../../../src/payments/tabs/tabChannel';
import { createSharedStorage } from './sharedStorage';

const KEY = 'payment-flows:channel';

function storageChannels() {
  const shared = createSharedStorage();
  const [windowA, windowB] = [shared.openWindow(), shared.openWindow()];
  return {
    shared,
    windowB,
    a: createStorageTabChannel({ ...windowA, key: KEY }),
    b: createStorageTabChannel({ ...windowB, key: KEY }),
  };
}

function listenTo(channel: TabChannel) {
  const received: unknown[] = [];
  const unsubscribe = channel.subscribe((message) => received.push(message));
  return { received, unsubscribe };
}

const storageEvent = (key: string, newValue: string | null): Event =>
  Object.assign(new Event('storage'), { key, newValue });

describe('the storage tab channel', () => {
  it('delivers a message to the other tab, not back to the sender, and leaves no key behind', () => {
    const { shared, a, b } = storageChannels();
    const [inA, inB] = [listenTo(a), listenTo(b)];

    a.post({ type: 'flowChanged', flowId: 'flow-1' });
    a.post({ type: 'flowChanged', flowId: 'flow-1' });

    expect(inB.received).toEqual([
      { type: 'flowChanged', flowId: 'flow-1' },
      { type: 'flowChanged', flowId: 'flow-1' },
    ]);
    expect(inA.received).toEqual([]);
    expect(shared.get(KEY)).toBeUndefined();
  });

  it('ignores what it cannot parse and other keys', () => {
    const { windowB, b } = storageChannels();
    const inB = listenTo(b);

    windowB.target.dispatchEvent(storageEvent(KEY, 'not json'));
    windowB.target.dispatchEvent(storageEvent(KEY, '{"id":"x"}'));
    windowB.target.dispatchEvent(storageEvent('elsewhere', '{"id":"x","message":1}'));
    windowB.target.dispatchEvent(storageEvent(KEY, '{"id":"x","message":2}'));

    expect(inB.received).toEqual([2]);
  });

  it('stops delivering to a listener that unsubscribed, and to every one once closed', () => {
    const { a, b } = storageChannels();
    const [first, second] = [listenTo(b), listenTo(b)];

    first.unsubscribe();
    a.post('one');
    b.close();
    a.post('two');

    expect(first.received).toEqual([]);
    expect(second.received).toEqual(['one']);
  });
});

describe('the BroadcastChannel tab channel', () => {
  it('delivers a message to the other tab and not back to the sender', async () => {
    const [a, b] = [
      createBroadcastTabChannel('payments-test'),
      createBroadcastTabChannel('payments-test'),
    ];
    try {
      const inA = listenTo(a);
      const delivered = new Promise((resolve) => b.subscribe(resolve));

      a.post({ type: 'flowChanged', flowId: 'flow-1' });

      await expect(delivered).resolves.toEqual({ type: 'flowChanged', flowId: 'flow-1' });
      expect(inA.received).toEqual([]);
    } finally {
      a.close();
      b.close();
    }
  });
});
