import type { BookingResource } from '../react.js';

export const DEMO_RESOURCES: readonly BookingResource[] = [
  { id: 'room-amber', name: 'Amber meeting room (6 seats)' },
  { id: 'room-cedar', name: 'Cedar studio (12 seats)' },
  { id: 'desk-14', name: 'Hot desk 14' },
];
