import { createActionRecorder } from '../index.js';

/** Every action of the page's store, for the debug report (and `npm run replay`). */
export const demoActionLog = createActionRecorder({ limit: 5_000 });
