/** Programmatic fault injection; works even when the HTTP fault endpoints are disabled. */
export interface FaultControls {
  /** The next `count` POST /api/bookings answer 503 before touching idempotency state. */
  failNextBookings(count: number): void;
  /** Delays every /api response (except the fault endpoints themselves). */
  setResponseDelay(ms: number): void;
  /** Delays booking creation inside the idempotency in-flight window. */
  setBookingDelay(ms: number): void;
  /** Sends every `payment:status` event twice. */
  setDuplicateStatusEvents(on: boolean): void;
  /** Holds each `payment:status` event until the next one of its booking is sent, or 200 ms. */
  setReorderStatusEvents(on: boolean): void;
  /** The next `count` `payment:status` events are never sent, as if lost on the way. */
  dropNextStatusEvents(count: number): void;
  /** The next `count` /api requests are fully handled, then answered by cutting the connection. */
  loseNextResponses(count: number): void;
  /**
   * A compromised or buggy backend: every 3-D Secure challenge sends this URL as its
   * `nextAction.url` (e.g. `javascript:…`) instead of the bank page; `undefined` stops it.
   * In process only, never over HTTP: the demo server must not become a gadget for it.
   */
  forgeNextActionUrl(url: string | undefined): void;
}

export interface FaultSettings {
  failNextBookings: number;
  responseDelayMs: number;
  bookingDelayMs: number;
  duplicateStatusEvents: boolean;
  reorderStatusEvents: boolean;
  dropNextStatusEvents: number;
  loseNextResponses: number;
}

export class FaultState implements FaultControls {
  private readonly settings: FaultSettings = {
    failNextBookings: 0,
    responseDelayMs: 0,
    bookingDelayMs: 0,
    duplicateStatusEvents: false,
    reorderStatusEvents: false,
    dropNextStatusEvents: 0,
    loseNextResponses: 0,
  };

  failNextBookings(count: number): void {
    this.settings.failNextBookings = count;
  }

  setResponseDelay(ms: number): void {
    this.settings.responseDelayMs = ms;
  }

  setBookingDelay(ms: number): void {
    this.settings.bookingDelayMs = ms;
  }

  setDuplicateStatusEvents(on: boolean): void {
    this.settings.duplicateStatusEvents = on;
  }

  setReorderStatusEvents(on: boolean): void {
    this.settings.reorderStatusEvents = on;
  }

  dropNextStatusEvents(count: number): void {
    this.settings.dropNextStatusEvents = count;
  }

  /** Set by `forgeNextActionUrl`; read where a challenge's URL is made. */
  forgedNextActionUrl: string | undefined;

  forgeNextActionUrl(url: string | undefined): void {
    this.forgedNextActionUrl = url;
  }

  loseNextResponses(count: number): void {
    this.settings.loseNextResponses = count;
  }

  /** True (and one fewer left) when this response should be lost after the work is done. */
  takeResponseLoss(): boolean {
    if (this.settings.loseNextResponses <= 0) return false;
    this.settings.loseNextResponses -= 1;
    return true;
  }

  /** True (and one fewer left) when this status event should be lost. */
  takeStatusEventDrop(): boolean {
    if (this.settings.dropNextStatusEvents <= 0) return false;
    this.settings.dropNextStatusEvents -= 1;
    return true;
  }

  get responseDelayMs(): number {
    return this.settings.responseDelayMs;
  }

  get bookingDelayMs(): number {
    return this.settings.bookingDelayMs;
  }

  get duplicateStatusEvents(): boolean {
    return this.settings.duplicateStatusEvents;
  }

  get reorderStatusEvents(): boolean {
    return this.settings.reorderStatusEvents;
  }

  /** True (and one fewer left) when this booking request should fail. */
  takeBookingFailure(): boolean {
    if (this.settings.failNextBookings <= 0) return false;
    this.settings.failNextBookings -= 1;
    return true;
  }

  current(): FaultSettings {
    return { ...this.settings };
  }
}
