/**
 * The bearer tokens the server accepts (HTTP and socket handshake alike), and the owner each one
 * acts for. A booking belongs to an owner, not to a token, so a refreshed token keeps access to
 * the bookings its predecessor created.
 */
export class AccessTokens {
  private accepted: ReadonlySet<string>;
  /** Only rotated tokens are listed; any other token is its own owner. */
  private readonly ownerByToken = new Map<string, string>();

  constructor(readonly defaultToken: string) {
    this.accepted = new Set([defaultToken]);
  }

  accepts(token: string): boolean {
    return this.accepted.has(token);
  }

  /** Replaces the accepted set; a token left out is refused from now on. */
  setAccepted(tokens: readonly string[]): void {
    this.accepted = new Set(tokens);
  }

  /** A token refresh: `to` replaces `from` and acts for the same owner. */
  rotate(from: string, to: string): void {
    this.ownerByToken.set(to, this.ownerOf(from));
    this.accepted = new Set([...this.accepted].filter((token) => token !== from).concat(to));
  }

  ownerOf(token: string): string {
    return this.ownerByToken.get(token) ?? token;
  }
}
