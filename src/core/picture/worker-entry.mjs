// Worker threads start without the TypeScript loader the bot registered, so register it here
// (as bin/memtutor.js does for the main thread) before loading the worker itself.
import { register } from 'tsx/esm/api';

register();
await import('./render-worker.ts');
