/** @jest-environment jsdom */
import { returnPathFor, takeReturnedFlowId } from '../../src/payments/redirectReturn';

describe('returning from 3-D Secure', () => {
  it('reads the flowId and removes it from the address bar, keeping the rest', () => {
    window.history.replaceState(null, '', returnPathFor('flow-42', '/book') + '&room=7#top');

    expect(takeReturnedFlowId(window.location, window.history)).toBe('flow-42');
    expect(`${window.location.pathname}${window.location.search}${window.location.hash}`).toBe(
      '/book?room=7#top',
    );
  });

  it('finds nothing on an ordinary page load and leaves the URL alone', () => {
    window.history.replaceState(null, '', '/book?room=7');

    expect(takeReturnedFlowId(window.location, window.history)).toBeUndefined();
    expect(window.location.search).toBe('?room=7');
  });
});
