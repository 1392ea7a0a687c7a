/**
 * @jest-environment jsdom
 */
import { act, screen } from '@testing-library/react';
import { HoldCountdown } from '../../../src/components/paymentFlow/HoldCountdown';
import { renderWithProviders } from '../test-utils';

const SECOND = Date.UTC(2030, 0, 1, 9);
const TEN_MINUTES = 10 * 60 * 1000;

beforeEach(() => {
  jest.useFakeTimers();
});
afterEach(() => {
  jest.useRealTimers();
});

/** The time each countdown shows, mm:ss. */
const shown = () =>
  screen.getAllByRole('timer').map((timer) => timer.querySelector('time')?.textContent);

describe('HoldCountdown', () => {
  it('a 10-minute hold opened while another countdown ticks shows 10:00, never more than is left', () => {
    jest.setSystemTime(SECOND);
    renderWithProviders(<HoldCountdown expiresAt={SECOND + 3 * TEN_MINUTES} />);
    act(() => {
      jest.advanceTimersByTime(1_900);
    });
    renderWithProviders(<HoldCountdown expiresAt={Date.now() + TEN_MINUTES} />);
    expect(shown()).toEqual(['29:59', '10:00']);
  });

  it('ticks once a second, every countdown on the same second', () => {
    jest.setSystemTime(SECOND + 400);
    renderWithProviders(
      <>
        <HoldCountdown expiresAt={SECOND + 400 + TEN_MINUTES} />
        <HoldCountdown expiresAt={SECOND + 400 + 2 * TEN_MINUTES} />
      </>,
    );
    expect(shown()).toEqual(['10:00', '20:00']);
    act(() => {
      jest.advanceTimersByTime(1_000);
    });
    expect(shown()).toEqual(['09:59', '19:59']);
  });
});
