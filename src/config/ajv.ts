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
  return (validate.errors ?? []).map((error) => describeError(error, keyPath)).join('; ');
}

function describeError(error: ErrorObject, keyPath: string): string {
  const at = keyPath + error.instancePath.replace(/\//g, '.').replace(/~1/g, '/').replace(/~0/g, '~');
  const where = at === '' ? 'the configuration' : at;
  switch (error.keyword) {
    case 'additionalProperties':
      return `${where}: unknown key "${String(error.params['additionalProperty'])}"`;
    case 'enum':
      return `${where}: must be one of ${(error.params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'propertyNames':
      return `${where}: key "${String(error.params['propertyName'])}" is not a namespaced rule id like "nginx/deny-all"`;
    default:
      return `${where}: ${error.message ?? 'is invalid'}`;
  }
}
