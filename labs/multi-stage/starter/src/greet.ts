export interface Greeting {
  who: string;
  stages: number;
}

export function greet(g: Greeting): string {
  return `hello ${g.who} from a ${g.stages}-stage build`;
}
