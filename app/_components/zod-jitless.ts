import { z } from 'zod';

// zod 4 probes `new Function` when it builds an object schema, to generate fast parsers; under our
// CSP (no 'unsafe-eval') the browser reports that probe as a violation even though zod catches it.
// Import this module FIRST in any client module that builds zod schemas: it switches the probe off.
z.config({ jitless: true });
