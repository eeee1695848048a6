// The render process starts without the TypeScript loader the bot registered, so register it
// here (as bin/memtutor.js does) before loading the render loop itself.
import { register } from 'tsx/esm/api';

register();
await import('./render-process.ts');
