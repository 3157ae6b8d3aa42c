import { run } from '../action/restore.js';

await run();
