import { createPaymentSocket } from '../../../src/payments/socket/paymentSocket';

describe('the payment socket', () => {
  it('sends a fresh token in the handshake auth on every connect, never in the URL', () => {
    let token = 'tok_first';
    const socket = createPaymentSocket({ url: 'http://127.0.0.1:9', getAuthToken: () => token });
    const handshake = (): unknown => {
      let sent: unknown;
      if (typeof socket.auth !== 'function') throw new Error('auth must be a function');
      socket.auth((data) => {
        sent = data;
      });
      return sent;
    };

    expect(handshake()).toEqual({ token: 'tok_first' });
    token = 'tok_refreshed';
    expect(handshake()).toEqual({ token: 'tok_refreshed' });
    expect(JSON.stringify(socket.io.opts)).not.toContain('tok_');
    expect(socket.connected).toBe(false);
    socket.disconnect();
  });

  it('uses socket.io reconnection with the jitter and delays it is given', () => {
    const socket = createPaymentSocket({
      url: 'http://127.0.0.1:9',
      reconnectionDelay: 250,
      reconnectionDelayMax: 4_000,
      randomizationFactor: 0.3,
    });

    expect(socket.io.reconnection()).toBe(true);
    expect(socket.io.reconnectionDelay()).toBe(250);
    expect(socket.io.reconnectionDelayMax()).toBe(4_000);
    expect(socket.io.randomizationFactor()).toBe(0.3);
    socket.disconnect();
  });
});
