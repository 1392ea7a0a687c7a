import type { Socket } from 'socket.io-client';

export interface SentMessage {
  event: string;
  bookingIds: string[];
}

/**
 * Just enough of a socket.io client socket for the subscription sagas: records what is sent and
 * acknowledges `flows:subscribe` with snapshots from `snapshotsFor`.
 */
export function createFakeSocket(snapshotsFor: (bookingIds: string[]) => unknown[] = () => []) {
  const sent: SentMessage[] = [];
  const record = (event: string, payload: unknown) => {
    sent.push({ event, bookingIds: (payload as { bookingIds: string[] }).bookingIds });
  };
  const fake = {
    connected: true,
    sent,
    emit(event: string, payload: unknown) {
      record(event, payload);
      return fake;
    },
    timeout(): {
      emitWithAck: (event: string, payload: { bookingIds: string[] }) => Promise<unknown>;
    } {
      return {
        emitWithAck(event: string, payload: { bookingIds: string[] }) {
          record(event, payload);
          return Promise.resolve({ snapshots: snapshotsFor(payload.bookingIds), rejected: [] });
        },
      };
    },
  };
  return { fake, socket: fake as unknown as Socket };
}
