import type { z } from 'zod';

/**
 * The definition half of a check kind (pure; the web app imports it): the YAML options it accepts and
 * which builds it needs. The grader half (`grader/checks/<kind>.ts`) adds `run`.
 */
export interface CheckKindDefinition<Shape extends z.ZodRawShape = z.ZodRawShape, K extends string = string> {
  kind: K;
  /** One line for documentation and the JSON Schema. */
  description: string;
  /** Kind-specific fields, merged into the check entry next to kind/id/title/points/hint. */
  options: Shape;
  /**
   * Names of the builds whose success the check needs. When one failed, the check is not evaluated
   * and scores 0 ("not evaluated because build X failed"). `buildOrder` is the lab's build names in order.
   */
  requiredBuilds(options: z.infer<z.ZodObject<Shape>>, buildOrder: readonly string[]): string[];
  /** Build names the options refer to (validated against the lab's builds). */
  referencedBuilds(options: z.infer<z.ZodObject<Shape>>): { path: (string | number)[]; name: string }[];
}

export function defineCheckKind<Shape extends z.ZodRawShape, K extends string>(
  def: CheckKindDefinition<Shape, K>,
): CheckKindDefinition<Shape, K> {
  return def;
}
