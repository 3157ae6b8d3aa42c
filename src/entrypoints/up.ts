import { run } from '../action/up.js';

await run();
