/** window.localStorage's shape: synchronous, shared by every tab of the origin. */
export interface SyncStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}
