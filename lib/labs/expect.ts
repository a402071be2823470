import { z } from 'zod';

/**
 * `labs/<id>/wrong/<case>/expect.yaml` (a known-wrong submission) or `labs/<id>/variants/<case>/expect.yaml`
 * (a right-but-unusual one, which must expect the full score and no failing check): what grading it
 * must produce.
 */
export const ExpectSchema = z
  .strictObject({
    score: z.number().int().min(0).describe('Exact expected score.'),
    failing: z.array(z.string()).describe('Ids of exactly the checks that must fail (all others must pass).'),
    feedbackContains: z
      .record(z.string(), z.string())
      .optional()
      .describe('Check id → text its feedback must contain.'),
    refused: z.boolean().optional().describe('true: the submission must be refused before any build runs.'),
  })
  .describe('Expected result of grading a known-wrong submission or a right-but-unusual variant (checked by `npm run lab:check` and the tests).');
export type Expectation = z.infer<typeof ExpectSchema>;
