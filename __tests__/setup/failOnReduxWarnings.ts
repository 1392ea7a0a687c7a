/**
 * RTK's serializability check only logs: here any non-serializable action or state fails the
 * test that caused it, so a socket, promise, class instance or Date can never slip into the
 * store unnoticed. (The immutability check throws by itself.)
 */
const NON_SERIALIZABLE = 'A non-serializable value was detected';
const seen: string[] = [];
const originalError = console.error.bind(console);

beforeEach(() => {
  seen.length = 0;
  jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    const [first] = args;
    if (typeof first === 'string' && first.startsWith(NON_SERIALIZABLE)) seen.push(first);
    originalError(...args);
  });
});

afterEach(() => {
  const found = seen.splice(0);
  if (found.length > 0) throw new Error(`RTK's serializability check: ${found.join('; ')}`);
});
