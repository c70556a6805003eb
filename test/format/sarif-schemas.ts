import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export interface SarifValidator {
  schema: string;
  /** The schema's complaints about `log`; empty when it is valid. */
  errorsOf(log: unknown): unknown[];
}

type Draft4Ajv = new (options: object) => {
  addMetaSchema(schema: object): void;
  compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown[] | null };
};

/**
 * SARIF 2.1.0 schemas (JSON Schema draft-04), checked with the ajv 6 that @microsoft/jest-sarif
 * depends on, which still speaks draft-04: the release candidate jest-sarif validates against
 * (rtm.5), and the OASIS standard itself (schemas/sarif-schema-2.1.0.json: the errata 01 schema
 * of oasis-tcs/sarif-spec with its descriptions left out). The standard is the stricter of the
 * two where it matters here: a region needs a start, and enums are typed.
 */
export function sarifValidators(): SarifValidator[] {
  const require = createRequire(import.meta.url);
  const packageDir = path.dirname(require.resolve('@microsoft/jest-sarif'));
  const fromJestSarif = createRequire(path.join(packageDir, 'index.js'));
  const Ajv = fromJestSarif('ajv') as Draft4Ajv;
  const schemas = [path.join(packageDir, 'schemas/sarif-2.1.0-rtm.5.json'), path.join(import.meta.dirname, 'schemas/sarif-schema-2.1.0.json')];
  return schemas.map((file) => {
    const ajv = new Ajv({ schemaId: 'auto', allErrors: true });
    ajv.addMetaSchema(fromJestSarif('ajv/lib/refs/json-schema-draft-04.json') as object);
    const validate = ajv.compile(JSON.parse(readFileSync(file, 'utf8')) as object);
    return { schema: path.basename(file), errorsOf: (log) => (validate(log) ? [] : (validate.errors ?? ['invalid'])) };
  });
}
