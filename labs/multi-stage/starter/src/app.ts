import { greet } from './greet';

// express has no type definitions in the offline npm cache: load it untyped.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const express = require('express') as () => { get(path: string, handler: unknown): void };

const app = express();
app.get('/', () => undefined);

console.log(greet({ who: 'ms-demo', stages: 2 }));
console.log(`ms-demo ready (NODE_ENV=${process.env.NODE_ENV ?? 'unset'})`);
