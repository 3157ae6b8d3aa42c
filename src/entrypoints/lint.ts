import { run } from '../action/lint.js';

await run();
