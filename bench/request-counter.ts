/**
 * A module loader hook for the lint benchmark: it wraps the nginx and Apache simulator
 * factories so that every simulated request adds one to `globalThis.simulatedRequests`, which
 * the benchmark prints. Only the benchmark's counting run registers it; the timed runs do not.
 */
interface LoadResult {
  format?: string;
  source?: string;
  shortCircuit?: boolean;
}
type NextLoad = (url: string, context: object) => Promise<LoadResult>;

const FACTORIES: readonly [string, string][] = [
  ['/simulate/nginx/simulator.js', 'createNginxSimulator'],
  ['/simulate/apache/index.js', 'createApacheSimulator'],
];

export async function load(url: string, context: object, nextLoad: NextLoad): Promise<LoadResult> {
  const factory = FACTORIES.find(([suffix]) => url.endsWith(suffix));
  if (factory === undefined) return nextLoad(url, context);
  const original = JSON.stringify(`${url}?uncounted`);
  const name = factory[1];
  const source = `export * from ${original};
import { ${name} as create } from ${original};
export function ${name}(...args) {
  const simulator = create(...args);
  return { explain(request) { globalThis.simulatedRequests = (globalThis.simulatedRequests ?? 0) + 1; return simulator.explain(request); } };
}
`;
  return { format: 'module', source, shortCircuit: true };
}
