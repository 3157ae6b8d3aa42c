#!/usr/bin/env node
import { endQuietlyOnBrokenPipe } from '../cli/broken-pipe.js';
import { main } from '../cli/main.js';

endQuietlyOnBrokenPipe(process.stdout);
process.exitCode = await main(process.argv.slice(2));
