import { buffers, eventChannel, type EventChannel } from 'redux-saga';
import type { Socket } from 'socket.io-client';

export type SocketEvent =
  | { type: 'connected' }
  /** `willReconnect` is false when socket.io leaves reconnecting to us (server disconnect). */
  | { type: 'disconnected'; reason: string; willReconnect: boolean }
  | { type: 'reconnectAttempt'; attempt: number }
  /** `rejected` means the server's middleware refused us (e.g. a stale token): no auto-retry. */
  | { type: 'connectError'; message: string; rejected: boolean }
  | { type: 'status'; payload: unknown };

/**
 * The socket as a stream of events. Handlers are registered once, here; `connect` fires again
 * on every reconnect and only reports it. The buffer is expanding because the default drops
 * bursts that arrive while the consumer is busy.
 */
export function createSocketChannel(socket: Socket): EventChannel<SocketEvent> {
  return eventChannel<SocketEvent>((emit) => {
    const onConnect = () => {
      emit({ type: 'connected' });
    };
    const onDisconnect = (reason: string) => {
      emit({ type: 'disconnected', reason, willReconnect: socket.active });
    };
    const onConnectError = (error: Error) => {
      emit({ type: 'connectError', message: error.message, rejected: !socket.active });
    };
    const onStatus = (payload: unknown) => {
      emit({ type: 'status', payload });
    };
    const onReconnectAttempt = (attempt: number) => {
      emit({ type: 'reconnectAttempt', attempt });
    };
    socket.on('connect', onConnect);
    socket.on('disconnect', onDisconnect);
    socket.on('connect_error', onConnectError);
    socket.on('payment:status', onStatus);
    socket.io.on('reconnect_attempt', onReconnectAttempt);
    return () => {
      socket.off('connect', onConnect);
      socket.off('disconnect', onDisconnect);
      socket.off('connect_error', onConnectError);
      socket.off('payment:status', onStatus);
      socket.io.off('reconnect_attempt', onReconnectAttempt);
    };
  }, buffers.expanding(256));
}
