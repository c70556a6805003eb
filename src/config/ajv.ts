import type { ErrorObject, SchemaObject, ValidateFunction } from 'ajv';

/**
 * ajv, loaded on first use (it compiles schemas to code and costs startup time `--version`
 * and a run without a configuration file do not need to pay). Schemas are ours and the rules'
 * and trusted, so the meta-schema check and the code optimizer are skipped: half the cost.
 */
let instance: Promise<{ compile(schema: SchemaObject): ValidateFunction }> | undefined;

async function ajv() {
  instance ??= import('ajv').then(({ default: Ajv }) => new Ajv.default({ allErrors: false, strict: false, validateSchema: false, code: { optimize: false } }));
  return instance;
}

const compiled = new WeakMap<SchemaObject, ValidateFunction>();

/** Validates `value`; on failure, one line per problem: `<keyPath>: <what was expected>`. */
export async function validateAgainst(schema: SchemaObject, value: unknown, keyPath: string): Promise<string | undefined> {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = (await ajv()).compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(value)) return undefined;
  // One problem per place: an `anyOf` miss lists every branch's complaint and then its own,
  // and the first one (`must be one of ...`) says what was expected best.
  const first = new Map<string, ErrorObject>();
  for (const error of validate.errors ?? []) {
    // A bad key is reported twice, as the failed `pattern` and then as `propertyNames`, which names the key.
    if (!first.has(error.instancePath) || error.keyword === 'propertyNames') first.set(error.instancePath, error);
  }
  return [...first.values()].map((error) => describeError(error, keyPath)).join('; ');
}

function describeError(error: ErrorObject, keyPath: string): string {
  const pointer = error.instancePath.split('/').slice(1).map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  const at = [keyPath, ...pointer].filter(Boolean).join('.');
  const where = at === '' ? 'the configuration' : at;
  switch (error.keyword) {
    case 'additionalProperties':
      return `${where}: unknown key "${String(error.params['additionalProperty'])}"`;
    case 'enum':
      return `${where}: must be one of ${(error.params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'false schema':
      return `${where}: not allowed with the other keys given there`;
    case 'propertyNames':
      return `${where}: key "${String(error.params['propertyName'])}" is not a namespaced rule id like "nginx/deny-all"`;
    default:
      return `${where}: ${error.message ?? 'is invalid'}`;
  }
}
