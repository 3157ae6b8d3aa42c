import { run } from '../action/check.js';

await run();
