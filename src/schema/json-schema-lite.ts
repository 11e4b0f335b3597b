// The `jsonSchema` constraint (Table Schema v2, spec §7) on object and array cells. A small subset
// of JSON Schema, enough for the shapes table schemas describe: `type` (one or a list), `enum`,
// `const`, `required`, `properties`, `additionalProperties` (false or a schema), `items` (one
// schema), `minItems`/`maxItems`, `minLength`/`maxLength`, `minimum`/`maximum`, `pattern`.
// Left out: `$ref` and `$defs`, `allOf`/`anyOf`/`oneOf`/`not`, `if`/`then`/`else`, `format`,
// `patternProperties`, `dependencies`, `uniqueItems`, `contains`, `prefixItems`, exclusive
// bounds, `multipleOf` — they are ignored, so a cell can pass a schema that uses them.

export interface JsonSchemaFailure {
  /** Where in the cell: `$.adresse.code_postal`, `$[2]`. */
  path: string;
  fr: string;
  en: string;
}

type Schema = Record<string, unknown>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function hasType(value: unknown, type: unknown): boolean {
  const actual = typeOf(value);
  return type === actual || (type === 'number' && actual === 'integer');
}

function equal(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The first place where `value` breaks `schema`, or null. */
export function checkJsonSchema(value: unknown, schema: Schema, path = '$'): JsonSchemaFailure | null {
  const fail = (fr: string, en: string): JsonSchemaFailure => ({ path, fr, en });
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => hasType(value, t))) return fail(`le type attendu est ${types.join(' ou ')}, pas ${typeOf(value)}`, `the expected type is ${types.join(' or ')}, not ${typeOf(value)}`);
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((v) => equal(v, value))) return fail(`valeur hors de la liste ${JSON.stringify(schema.enum)}`, `value not in ${JSON.stringify(schema.enum)}`);
  if ('const' in schema && !equal(schema.const, value)) return fail(`la valeur doit être ${JSON.stringify(schema.const)}`, `the value must be ${JSON.stringify(schema.const)}`);
  if (typeof value === 'string') {
    const length = [...value].length;
    if (typeof schema.minLength === 'number' && length < schema.minLength) return fail(`au moins ${schema.minLength} caractères`, `at least ${schema.minLength} characters`);
    if (typeof schema.maxLength === 'number' && length > schema.maxLength) return fail(`au plus ${schema.maxLength} caractères`, `at most ${schema.maxLength} characters`);
    if (typeof schema.pattern === 'string') {
      let regex: RegExp | null = null;
      try {
        regex = new RegExp(schema.pattern, 'u');
      } catch {
        regex = null; // A pattern JavaScript cannot read is left out, as the other unknown keywords.
      }
      if (regex && !regex.test(value)) return fail(`ne respecte pas le motif ${schema.pattern}`, `does not match the pattern ${schema.pattern}`);
    }
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) return fail(`inférieur au minimum ${schema.minimum}`, `below the minimum ${schema.minimum}`);
    if (typeof schema.maximum === 'number' && value > schema.maximum) return fail(`supérieur au maximum ${schema.maximum}`, `above the maximum ${schema.maximum}`);
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) return fail(`au moins ${schema.minItems} éléments`, `at least ${schema.minItems} items`);
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) return fail(`au plus ${schema.maxItems} éléments`, `at most ${schema.maxItems} items`);
    if (isObject(schema.items)) {
      for (let i = 0; i < value.length; i++) {
        const failure = checkJsonSchema(value[i], schema.items, `${path}[${i}]`);
        if (failure) return failure;
      }
    }
  }
  if (isObject(value)) {
    if (Array.isArray(schema.required)) {
      const missing = schema.required.find((key) => typeof key === 'string' && !(key in value));
      if (missing !== undefined) return fail(`la clé « ${missing} » est obligatoire`, `the key "${missing}" is required`);
    }
    const properties = isObject(schema.properties) ? schema.properties : {};
    for (const [key, item] of Object.entries(value)) {
      const sub = properties[key];
      if (isObject(sub)) {
        const failure = checkJsonSchema(item, sub, `${path}.${key}`);
        if (failure) return failure;
      } else if (schema.additionalProperties === false) {
        return fail(`la clé « ${key} » n'est pas prévue`, `the key "${key}" is not allowed`);
      } else if (isObject(schema.additionalProperties)) {
        const failure = checkJsonSchema(item, schema.additionalProperties, `${path}.${key}`);
        if (failure) return failure;
      }
    }
  }
  return null;
}
