// Processing steps: what a publisher asks to be done to every new file of a dataset, stored with
// the dataset and replayed on every publish and refresh. Each step turns the previous table into
// the next one (temporary tables of the ingest's connection); values reach DuckDB as bound
// parameters, field names are checked against the fields as they are at that step.
import { FIELD_TYPES, VISIBILITIES, type Field, type FieldType, type RecordOrder, type Visibility } from '../catalog/index.js';
import { sqlIdentifier, STORAGE_TYPES, type EngineConnection, type SqlParams } from '../data/index.js';
import { AppError } from '../errors.js';
import { pointFromDegrees } from './geo.js';

export type Step =
  | { op: 'rename'; field: string; to: string }
  | { op: 'drop'; field: string }
  | { op: 'set_type'; field: string; type: FieldType }
  | { op: 'set_label'; field: string; label?: string; description?: string }
  | { op: 'annotate'; field: string; annotations: FieldAnnotations }
  | { op: 'geo_point'; latitude: string; longitude: string; to: string }
  | { op: 'split'; field: string; separator: string; into: string[] }
  | { op: 'filter'; field: string; operator: FilterOperator; value?: string | number | boolean }
  | { op: 'join'; dataset: string; on: string; dataset_field: string; fields: string[] }
  /** `by`: field names, each with `-` before it for a descending order. */
  | { op: 'sort'; by: string[] };

/**
 * The field annotations of ODS Explore v2.1 §6.2, in their live form: `facet` (values offered as
 * facets), `disjunctive` (refines of several values OR), `sortable`, `multivalued` (the separator
 * of a text field's values), `hierarchical` (the separator of a text field's levels,
 * `Culture/Musées`), `facetsort` (count, -count, alphanum, -alphanum, num, -num).
 */
export interface FieldAnnotations {
  facet?: boolean;
  disjunctive?: boolean;
  sortable?: boolean;
  multivalued?: string;
  hierarchical?: string;
  facetsort?: string;
}

const FLAG_ANNOTATIONS = ['facet', 'disjunctive', 'sortable'] as const;
const FACET_SORTS = ['count', '-count', 'alphanum', '-alphanum', 'num', '-num'];

const OPERATORS = ['=', '!=', '<', '<=', '>', '>=', 'contains', 'is_null', 'not_null'] as const;
type FilterOperator = (typeof OPERATORS)[number];
const NAME = /^[a-z][a-z0-9_]{0,62}$/;

function parseAnnotations(input: unknown, at: string): FieldAnnotations {
  const expected = 'an object of annotations: facet, disjunctive, sortable (true or false), multivalued, hierarchical (a separator), facetsort';
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw invalid(at, JSON.stringify(input ?? null), expected);
  const annotations: FieldAnnotations = {};
  for (const [key, value] of Object.entries(input)) {
    if ((FLAG_ANNOTATIONS as readonly string[]).includes(key) && typeof value === 'boolean') annotations[key as (typeof FLAG_ANNOTATIONS)[number]] = value;
    else if ((key === 'multivalued' || key === 'hierarchical') && typeof value === 'string' && value.length >= 1 && value.length <= 3) annotations[key] = value;
    else if (key === 'facetsort' && typeof value === 'string' && FACET_SORTS.includes(value)) annotations.facetsort = value;
    else throw invalid(`${at}.${key}`, JSON.stringify(value ?? null), expected);
  }
  return annotations;
}

/** Checks a list of steps as a publisher sends it (JSON), naming the step and the key that is wrong. */
export function parseSteps(input: unknown): Step[] {
  if (!Array.isArray(input)) throw invalid('steps', JSON.stringify(input ?? null), 'an array of steps');
  return input.map((raw, index) => {
    const at = `steps[${index}]`;
    if (typeof raw !== 'object' || raw === null) throw invalid(at, JSON.stringify(raw), 'an object with an op');
    const step = raw as Record<string, unknown>;
    const text = (key: string, pattern?: RegExp): string => {
      const value = step[key];
      if (typeof value !== 'string' || (pattern && !pattern.test(value))) throw invalid(`${at}.${key}`, JSON.stringify(value ?? null), pattern ? 'a field name: lowercase letters, digits, _' : 'a string');
      return value;
    };
    const names = (key: string): string[] => {
      const value = step[key];
      if (!Array.isArray(value) || value.length === 0 || value.some((v) => typeof v !== 'string' || !NAME.test(v))) throw invalid(`${at}.${key}`, JSON.stringify(value ?? null), 'a list of field names');
      return value as string[];
    };
    switch (step.op) {
      case 'rename':
        return { op: 'rename', field: text('field'), to: text('to', NAME) };
      case 'drop':
        return { op: 'drop', field: text('field') };
      case 'set_type': {
        const type = text('type');
        if (!(FIELD_TYPES as readonly string[]).includes(type)) throw invalid(`${at}.type`, type, FIELD_TYPES.join(', '));
        return { op: 'set_type', field: text('field'), type: type as FieldType };
      }
      case 'set_label':
        return { op: 'set_label', field: text('field'), label: typeof step.label === 'string' ? step.label : undefined, description: typeof step.description === 'string' ? step.description : undefined };
      case 'annotate':
        return { op: 'annotate', field: text('field'), annotations: parseAnnotations(step.annotations, `${at}.annotations`) };
      case 'geo_point':
        return { op: 'geo_point', latitude: text('latitude'), longitude: text('longitude'), to: typeof step.to === 'string' ? text('to', NAME) : 'geo_point_2d' };
      case 'split':
        return { op: 'split', field: text('field'), separator: text('separator'), into: names('into') };
      case 'filter': {
        const operator = text('operator') as FilterOperator;
        if (!OPERATORS.includes(operator)) throw invalid(`${at}.operator`, operator, OPERATORS.join(', '));
        const value = step.value;
        if (operator !== 'is_null' && operator !== 'not_null' && !['string', 'number', 'boolean'].includes(typeof value)) throw invalid(`${at}.value`, JSON.stringify(value ?? null), 'a string, a number or a boolean');
        return { op: 'filter', field: text('field'), operator, value: value as string | number | boolean | undefined };
      }
      case 'join':
        return { op: 'join', dataset: text('dataset'), on: text('on'), dataset_field: text('dataset_field'), fields: names('fields') };
      case 'sort': {
        const by = step.by;
        if (!Array.isArray(by) || by.length === 0 || by.some((v) => typeof v !== 'string' || !NAME.test(v.replace(/^-/, '')))) throw invalid(`${at}.by`, JSON.stringify(by ?? null), 'a list of field names, each with - before it for a descending order');
        return { op: 'sort', by: by as string[] };
      }
      default:
        throw invalid(`${at}.op`, JSON.stringify(step.op ?? null), 'rename, drop, set_type, set_label, annotate, geo_point, split, filter, join or sort');
    }
  });
}

function invalid(field: string, value: string, expected: string): AppError {
  return new AppError('INVALID_FIELD', { field, value, expected }, { field });
}

/** Types the steps set, by the name the field has in the file (set_type steps before any rename of it). */
export function typesSetBySteps(steps: readonly Step[]): Record<string, FieldType> {
  const types: Record<string, FieldType> = {};
  const original = new Map<string, string>();
  for (const step of steps) {
    if (step.op === 'rename') original.set(step.to, original.get(step.field) ?? step.field);
    if (step.op === 'set_type') types[original.get(step.field) ?? step.field] = step.type;
  }
  return types;
}

/** Another dataset's records, for a join: its relation, and how open it is. */
export type JoinSource = (datasetId: string) => Promise<{ sql: string; params: SqlParams; fields: Field[]; visibility: Visibility }>;

export interface AppliedSteps {
  fields: Field[];
  /** The table holding the result. */
  table: string;
  /** The order to write the records in (the last sort step), by the fields' final names. */
  order?: RecordOrder;
}

/** Runs the steps from `table` (a table, or a subquery in parentheses); `visibility` is the dataset's, against which joins are checked. */
export async function applySteps(connection: EngineConnection, table: string, fields: Field[], steps: readonly Step[], visibility: Visibility, joinSource: JoinSource): Promise<AppliedSteps> {
  let current = fields.map((f) => ({ ...f }));
  let from = table;
  let order: RecordOrder | undefined;
  for (const [index, step] of steps.entries()) {
    const at = `steps[${index}]`;
    const field = (name: string, key = 'field'): Field => {
      const found = current.find((f) => f.name === name);
      if (!found) throw new AppError('INVALID_FIELD', { field: `${at}.${key}`, value: name, expected: `one of the fields ${current.map((f) => f.name).join(', ')}`, expected_fr: `un des champs ${current.map((f) => f.name).join(', ')}` }, { field: `${at}.${key}` });
      return found;
    };
    const fresh = (name: string, key: string) => {
      if (current.some((f) => f.name === name)) throw new AppError('INVALID_FIELD', { field: `${at}.${key}`, value: name, expected: 'a name no other field has', expected_fr: 'un nom qu’aucun autre champ ne porte' }, { field: `${at}.${key}` });
    };
    const next = `step_${index + 1}`;
    const all = () => current.map((f) => sqlIdentifier(f.name)).join(', ');
    let select: string | null = null;
    let params: SqlParams = [];
    switch (step.op) {
      case 'set_type':
        // Applied at typing time (typesSetBySteps); here only the field must exist.
        field(step.field);
        break;
      case 'annotate':
        field(step.field).annotations = { ...field(step.field).annotations, ...step.annotations };
        break;
      case 'set_label': {
        const target = field(step.field);
        if (step.label !== undefined) target.label = step.label;
        if (step.description !== undefined) target.description = step.description;
        break;
      }
      case 'rename':
        field(step.field);
        fresh(step.to, 'to');
        select = `select * rename (${sqlIdentifier(step.field)} as ${sqlIdentifier(step.to)}) from ${from}`;
        current = current.map((f) => (f.name === step.field ? { ...f, name: step.to } : f));
        order = order?.map((o) => (o.field === step.field ? { ...o, field: step.to } : o));
        break;
      case 'drop':
        field(step.field);
        current = current.filter((f) => f.name !== step.field);
        // Sorted by a, b and b dropped: still sorted by a; a dropped: by nothing that is left.
        if (order?.some((o) => o.field === step.field)) order = order.slice(0, order.findIndex((o) => o.field === step.field));
        select = `select ${all()} from ${from}`;
        break;
      case 'geo_point': {
        const [lat, lon] = [field(step.latitude, 'latitude'), field(step.longitude, 'longitude')];
        fresh(step.to, 'to');
        const point = pointFromDegrees(lat, lon, { name: step.to, label: step.to });
        select = `select *, ${point.expression} as ${sqlIdentifier(step.to)} from ${from}`;
        current.push(point.field);
        break;
      }
      case 'split': {
        const source = field(step.field);
        step.into.forEach((name) => fresh(name, 'into'));
        const parts = step.into.map((name, i) => `nullif(trim(split_part(cast(${sqlIdentifier(source.name)} as varchar), $1, ${i + 1})), '') as ${sqlIdentifier(name)}`);
        select = `select *, ${parts.join(', ')} from ${from}`;
        params = [step.separator];
        current.push(...step.into.map((name) => ({ name, label: name, type: 'text' as const, description: null, annotations: {} })));
        break;
      }
      case 'filter': {
        const target = field(step.field);
        const column = sqlIdentifier(target.name);
        const condition =
          step.operator === 'is_null' ? `${column} is null`
          : step.operator === 'not_null' ? `${column} is not null`
          : step.operator === 'contains' ? `contains(lower(cast(${column} as varchar)), lower($1))`
          : `${column} ${step.operator === '!=' ? '<>' : step.operator} cast($1 as ${STORAGE_TYPES[target.type]})`;
        if (step.operator !== 'is_null' && step.operator !== 'not_null') params = [String(step.value)];
        select = `select * from ${from} where ${condition}`;
        break;
      }
      case 'sort': {
        // Applied when the records are written (one sort, whatever steps follow); a later sort step replaces it.
        order = step.by.map((name, i) => {
          const sorted = field(name.replace(/^-/, ''), `by[${i}]`);
          if (sorted.type === 'geo_point_2d' || sorted.type === 'geo_shape') throw invalid(`${at}.by[${i}]`, name, 'a field that is not geographic');
          return { field: sorted.name, descending: name.startsWith('-') };
        });
        break;
      }
      case 'join': {
        const on = field(step.on, 'on');
        const other = await joinSource(step.dataset);
        // A step may only read datasets at least as open as the one it writes (docs/DESIGN.md).
        if (VISIBILITIES.indexOf(other.visibility) > VISIBILITIES.indexOf(visibility)) {
          throw new AppError('JOIN_LESS_OPEN', { dataset_id: step.dataset, visibility: other.visibility, target: visibility }, { field: `${at}.dataset` });
        }
        const key = other.fields.find((f) => f.name === step.dataset_field);
        if (!key) throw new AppError('INVALID_FIELD', { field: `${at}.dataset_field`, value: step.dataset_field, expected: `one of the fields of ${step.dataset}` }, { field: `${at}.dataset_field` });
        const added = step.fields.map((name) => {
          const found = other.fields.find((f) => f.name === name);
          if (!found) throw new AppError('INVALID_FIELD', { field: `${at}.fields`, value: name, expected: `one of the fields of ${step.dataset}` }, { field: `${at}.fields` });
          fresh(name, 'fields');
          return found;
        });
        // One row of the other dataset per key, so that the join never multiplies records.
        const picked = added.map((f) => `any_value(${sqlIdentifier(f.name)}) as ${sqlIdentifier(f.name)}`).join(', ');
        const right = `(select cast(${sqlIdentifier(key.name)} as varchar) as __join_key, ${picked} from (${other.sql}) group by 1)`;
        select = `select l.*, ${added.map((f) => `r.${sqlIdentifier(f.name)}`).join(', ')} from ${from} l left join ${right} r on cast(l.${sqlIdentifier(on.name)} as varchar) = r.__join_key`;
        params = other.params;
        current.push(...added.map((f) => ({ ...f })));
        break;
      }
    }
    if (select !== null) {
      await connection.run(`create or replace temp table ${next} as ${select}`, params);
      from = next;
    }
  }
  return { fields: current, table: from, ...(order && order.length > 0 ? { order } : {}) };
}


