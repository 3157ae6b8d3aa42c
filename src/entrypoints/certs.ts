import { run } from '../action/certs.js';

await run();
