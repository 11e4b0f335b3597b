// Every error a user can meet, declared once: HTTP status, the `error_code` an OpenDataSoft client
// matches on, and message templates in English and French. Domain code throws AppError with a code
// and the values of its placeholders; the HTTP layer shapes it (src/http/errors.ts), the CLI prints
// it. docs/errors.md lists every code (checked by test/errors.test.ts).

import { ACCOUNT_ERRORS } from './errors-accounts.js';
import { SCHEMA_ERRORS } from './errors-schemas.js';

interface ErrorDefinition {
  status: number;
  /** The `error_code` of the body; OpenDataSoft's own where the Explore API has one (spec §4). */
  odsCode: string;
  /** English text: kept verbatim where ODS clients match on it. */
  en: string;
  fr: string;
}

export const ERRORS = {
  ...ACCOUNT_ERRORS,
  ...SCHEMA_ERRORS,
  DATASET_NOT_FOUND: {
    status: 404,
    odsCode: 'NotFoundResource',
    // ODS Explore v2.1 §4: the exact text clients see for an unknown dataset.
    en: 'The requested dataset {dataset_id} does not exist.',
    fr: "Le jeu de données demandé {dataset_id} n'existe pas.",
  },
  VERSION_NOT_FOUND: {
    status: 404,
    odsCode: 'NotFoundResource',
    en: 'The dataset {dataset_id} has no version {number}; the versions kept are: {kept}.',
    fr: "Le jeu de données {dataset_id} n'a pas de version {number} ; les versions conservées sont : {kept}.",
  },
  RECORD_NOT_FOUND: {
    status: 404,
    odsCode: 'NotFoundResource',
    // ODS §4 gives no text for an unknown record (unverified): the dataset's, for the record.
    en: 'The requested record {record_id} does not exist in the dataset {dataset_id}.',
    fr: "L'enregistrement demandé {record_id} n'existe pas dans le jeu de données {dataset_id}.",
  },
  ATTACHMENT_NOT_FOUND: {
    status: 404,
    odsCode: 'NotFoundResource',
    en: 'The dataset {dataset_id} has no attachment {attachment_id}.',
    fr: "Le jeu de données {dataset_id} n'a pas de pièce jointe {attachment_id}.",
  },
  JOB_NOT_FOUND: {
    status: 404,
    odsCode: 'NotFoundResource',
    en: 'There is no job {id}.',
    fr: "Il n'y a pas de traitement {id}.",
  },
  PORTAL_NOT_FOUND: {
    status: 404,
    odsCode: 'NotFoundResource',
    en: 'The requested portal {portal} does not exist.',
    fr: "Le portail demandé {portal} n'existe pas.",
  },
  ORGANISATION_NOT_FOUND: {
    status: 404,
    odsCode: 'NotFoundResource',
    en: 'The organisation {organisation} does not exist (give its slug, SIREN or code INSEE).',
    fr: "L'organisation {organisation} n'existe pas (indiquez son identifiant, son SIREN ou son code INSEE).",
  },
  ALIAS_NOT_FOUND: {
    status: 404,
    odsCode: 'NotFoundResource',
    en: 'The portal {portal} has no dataset alias {alias}.',
    fr: "Le portail {portal} n'a pas d'alias de jeu de données {alias}.",
  },
  ROUTE_NOT_FOUND: {
    status: 404,
    odsCode: 'NotFoundResource',
    en: 'There is nothing at {method} {url}.',
    fr: "Il n'y a rien à l'adresse {method} {url}.",
  },
  INVALID_PARAMETER: {
    status: 400,
    odsCode: 'InvalidRESTParameterError',
    // ODS Explore v2.1 §4: "Invalid value for limit API parameter: 200 was found but -1 <= limit <= 100 is expected."
    en: 'Invalid value for {parameter} API parameter: {value} was found but {expected} is expected.',
    fr: 'Valeur invalide pour le paramètre {parameter} : {value} reçu, {expected} attendu.',
  },
  ODSQL_ERROR: {
    status: 400,
    odsCode: 'ODSQLError',
    // ODS Explore v2.1 §4, verbatim: clients match the English text. The column is in `location`.
    en: 'ODSQL query is malformed: {detail}. Clause(s) containing the error(s): {clause}.',
    fr: 'La requête ODSQL est mal formée : {detail}. Clause(s) en cause : {clause}.',
  },
  EXPORT_FORMAT_UNKNOWN: {
    status: 400,
    odsCode: 'InvalidRESTParameterError',
    en: 'The export format {format} is not available; the formats are {formats}.',
    fr: "Le format d'export {format} n'est pas disponible ; les formats sont {formats}.",
  },
  EXPORT_NO_GEOMETRY: {
    status: 400,
    odsCode: 'InvalidRESTParameterError',
    en: 'The {format} export needs a geo_point_2d or geo_shape field among the selected ones.',
    fr: "L'export {format} demande un champ geo_point_2d ou geo_shape parmi ceux choisis.",
  },
  EXPORT_NO_POINT: {
    status: 400,
    odsCode: 'InvalidRESTParameterError',
    en: 'The {format} export needs a geo_point_2d field among the selected ones.',
    fr: "L'export {format} demande un champ geo_point_2d parmi ceux choisis.",
  },
  EXPORT_PARAMETER_NOT_APPLICABLE: {
    status: 400,
    odsCode: 'InvalidRESTParameterError',
    en: 'The {parameter} API parameter does not apply to the {format} catalog export, which describes whole datasets.',
    fr: "Le paramètre d'API {parameter} ne s'applique pas à l'export {format} du catalogue, qui décrit des jeux entiers.",
  },
  PARAMETER_NOT_SUPPORTED: {
    status: 400,
    odsCode: 'InvalidRESTParameterError',
    en: 'The {parameter} API parameter is not supported yet by this platform: the answer would ignore it.',
    fr: "Le paramètre d'API {parameter} n'est pas encore pris en charge par cette plateforme : la réponse l'ignorerait.",
  },
  PARAMETER_REQUIRED: {
    status: 400,
    odsCode: 'InvalidRESTParameterError',
    en: 'The {parameter} API parameter is required.',
    fr: "Le paramètre d'API {parameter} est obligatoire.",
  },
  V1_QUERY_MALFORMED: {
    status: 400,
    odsCode: 'InvalidRESTParameterError',
    en: 'The {parameter} query is malformed at column {column}: {detail}.',
    fr: 'La requête {parameter} est mal formée à la colonne {column} : {detail}.',
  },
  USAGE: {
    status: 400,
    odsCode: 'InvalidRESTParameterError',
    en: '{detail} (see `territoires {command} --help`).',
    fr: '{detail} (voir `territoires {command} --help`).',
  },
  ALREADY_EXISTS: {
    status: 409,
    odsCode: 'InvalidRESTParameterError',
    en: 'The {what} {value} already exists.',
    fr: '{what} {value} existe déjà.',
  },
  PORT_IN_USE: {
    status: 503,
    odsCode: 'ServiceUnavailable',
    en: 'Port {port} is already in use: stop what listens there or choose another with PORT or --port.',
    fr: 'Le port {port} est déjà utilisé : arrêtez ce qui y écoute ou choisissez-en un autre avec PORT ou --port.',
  },
  NO_ORGANISATION: {
    status: 400,
    odsCode: 'InvalidRESTParameterError',
    en: 'This platform has no organisation yet to own the dataset: create one with `territoires orgs create --name NAME --kind region`.',
    fr: "Cette plateforme n'a encore aucune organisation pour porter le jeu de données : créez-en une avec `territoires orgs create --name NOM --kind region`.",
  },
  INVALID_FIELD: {
    status: 400,
    odsCode: 'InvalidRESTParameterError',
    en: 'Invalid value for field {field}: {value} was found but {expected} is expected.',
    fr: 'Valeur invalide pour le champ {field} : {value} reçu, {expected} attendu.',
  },
  INVALID_DATASET_ID: {
    status: 400,
    odsCode: 'InvalidRESTParameterError',
    en: 'Invalid dataset id {dataset_id}: use 1 to 100 lowercase letters, digits, "-" or "_", starting with a letter or a digit.',
    fr: 'Identifiant de jeu de données invalide {dataset_id} : 1 à 100 minuscules, chiffres, « - » ou « _ », en commençant par une lettre ou un chiffre.',
  },
  API_KEY_REQUIRED: {
    status: 401,
    odsCode: 'AuthenticationRequired',
    en: 'This operation needs an API key: send the header "Authorization: Apikey <key>" (create one with `territoires keys create --admin`, or in your account), or sign in.',
    fr: "Cette opération demande une clé d'API : envoyez l'en-tête « Authorization: Apikey <clé> » (créez-la avec `territoires keys create --admin`, ou dans votre compte), ou connectez-vous.",
  },
  API_KEY_INVALID: {
    status: 401,
    odsCode: 'AuthenticationRequired',
    en: 'The API key is unknown or revoked.',
    fr: "La clé d'API est inconnue ou révoquée.",
  },
  UPLOAD_NO_FILE: {
    status: 400,
    odsCode: 'InvalidRESTParameterError',
    en: 'The form holds no file: send it in a part named file.',
    fr: 'Le formulaire ne contient aucun fichier : envoyez-le dans une partie nommée file.',
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    odsCode: 'InvalidRESTParameterError',
    en: 'The file is larger than the {limit} bytes this platform accepts.',
    fr: 'Le fichier dépasse les {limit} octets que cette plateforme accepte.',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    odsCode: 'InvalidRESTParameterError',
    en: 'Unsupported Content-Type {content_type}: send {expected}.',
    fr: 'Content-Type non pris en charge {content_type} : envoyez {expected}.',
  },
  MALFORMED_BODY: {
    status: 400,
    odsCode: 'InvalidRESTParameterError',
    en: 'The request body is not valid JSON: {detail}.',
    fr: "Le corps de la requête n'est pas un JSON valide : {detail}.",
  },
  INGEST_EMPTY_FILE: {
    status: 400,
    odsCode: 'InvalidFileError',
    en: 'The file {file} is empty: it needs a header line and at least one record.',
    fr: "Le fichier {file} est vide : il lui faut une ligne d'en-tête et au moins un enregistrement.",
  },
  INGEST_ENCODING: {
    status: 400,
    odsCode: 'InvalidFileError',
    en: 'The file {file} could not be read as text ({detail}); save it as CSV UTF-8 or Windows-1252.',
    fr: "Le fichier {file} n'a pas pu être lu comme du texte ({detail}) ; enregistrez-le en CSV UTF-8 ou Windows-1252.",
  },
  INGEST_CSV_MALFORMED: {
    status: 400,
    odsCode: 'InvalidFileError',
    en: 'The CSV file {file} is malformed at line {line}: {detail}.',
    fr: 'Le fichier CSV {file} est mal formé à la ligne {line} : {detail}.',
  },
  INGEST_TYPE_MISMATCH: {
    status: 400,
    odsCode: 'InvalidFileError',
    en: 'The column {column} cannot be read as {type}: record {record} holds "{value}". Correct that value, or choose another type.',
    fr: 'La colonne {column} ne peut pas être lue comme {type} : l’enregistrement {record} contient « {value} ». Corrigez cette valeur ou choisissez un autre type.',
  },
  INGEST_RAGGED_ROW: {
    status: 400,
    odsCode: 'InvalidFileError',
    en: 'The file {file} has, at line {line}, values in {found} columns where its header has {expected}.',
    fr: 'Le fichier {file} a, à la ligne {line}, des valeurs dans {found} colonnes alors que son en-tête en a {expected}.',
  },
  INGEST_SHEET_NOT_FOUND: {
    status: 400,
    odsCode: 'InvalidFileError',
    en: 'The workbook {file} has no sheet {sheet}; its sheets are: {sheets}.',
    fr: "Le classeur {file} n'a pas de feuille {sheet} ; ses feuilles sont : {sheets}.",
  },
  INGEST_UNREADABLE: {
    status: 400,
    odsCode: 'InvalidFileError',
    en: 'The file {file} could not be read as {format}: {detail}.',
    fr: "Le fichier {file} n'a pas pu être lu comme {format} : {detail}.",
  },
  INGEST_BINARY: {
    status: 400,
    odsCode: 'InvalidFileError',
    en: 'The file {file} is not text: it holds binary data, whatever its name says. Export it as CSV or XLSX.',
    fr: "Le fichier {file} n'est pas du texte : il contient des données binaires, quel que soit son nom. Exportez-le en CSV ou en XLSX.",
  },
  INGEST_FORMAT_UNSUPPORTED: {
    status: 400,
    odsCode: 'InvalidFileError',
    en: 'The file {file} is in a format this platform does not read yet: {format}.',
    fr: "Le fichier {file} est dans un format que cette plateforme ne lit pas encore : {format}.",
  },
  INGEST_JSON_NO_RECORDS: {
    status: 400,
    odsCode: 'InvalidFileError',
    en: 'No array of records was found in {file} at {path}: give the path of the array (for example results or data.items).',
    fr: "Aucun tableau d'enregistrements n'a été trouvé dans {file} à l'emplacement {path} : indiquez le chemin du tableau (par exemple results ou data.items).",
  },
  URL_INVALID: {
    status: 400,
    odsCode: 'InvalidRESTParameterError',
    en: 'The URL {url} is not an http:// or https:// address.',
    fr: "L'URL {url} n'est pas une adresse http:// ou https://.",
  },
  URL_FORBIDDEN: {
    status: 400,
    odsCode: 'InvalidRESTParameterError',
    en: 'The URL {url} leads to {address}, on this machine or a private network: an administrator must allow that host (TERRITOIRES_FETCH_ALLOW_HOSTS).',
    fr: "L'URL {url} mène à {address}, sur cette machine ou un réseau privé : un administrateur doit autoriser cet hôte (TERRITOIRES_FETCH_ALLOW_HOSTS).",
  },
  URL_FETCH_FAILED: {
    status: 400,
    odsCode: 'InvalidRESTParameterError',
    en: 'The URL {url} could not be read: {status}.',
    fr: "L'URL {url} n'a pas pu être lue : {status}.",
  },
  URL_TIMEOUT: {
    status: 400,
    odsCode: 'InvalidRESTParameterError',
    en: 'The URL {url} did not answer within {seconds} s.',
    fr: "L'URL {url} n'a pas répondu en {seconds} s.",
  },
  NOT_A_URL_DATASET: {
    status: 400,
    odsCode: 'InvalidRESTParameterError',
    en: 'The dataset {dataset_id} is not read from a URL: publish a new file instead.',
    fr: "Le jeu de données {dataset_id} n'est pas lu depuis une URL : publiez plutôt un nouveau fichier.",
  },
  PUSH_KEY_REQUIRED: {
    status: 400,
    odsCode: 'InvalidRESTParameterError',
    en: 'The dataset {dataset_id} has no key field yet: give the field that identifies a record with key=FIELD.',
    fr: "Le jeu de données {dataset_id} n'a pas encore de champ clé : indiquez le champ qui identifie un enregistrement avec key=CHAMP.",
  },
  PUSH_KEY_MISSING: {
    status: 400,
    odsCode: 'InvalidRESTParameterError',
    en: 'Every pushed record needs a value for the key field {field}.',
    fr: 'Chaque enregistrement poussé doit avoir une valeur pour le champ clé {field}.',
  },
  PUSH_KEY_FIELD_UNSET: {
    status: 400,
    odsCode: 'InvalidRESTParameterError',
    en: 'The dataset {dataset_id} has no key field yet: set it with a first push through the management API, POST /api/management/v1/datasets/{dataset_id}/records?key=FIELD.',
    fr: "Le jeu de données {dataset_id} n'a pas encore de champ clé : indiquez-le par un premier envoi avec l'API de gestion, POST /api/management/v1/datasets/{dataset_id}/records?key=CHAMP.",
  },
  PUSHKEY_REQUIRED: {
    status: 401,
    odsCode: 'AuthenticationRequired',
    en: 'This push URL needs the push key of the dataset {dataset_id}: add ?pushkey=KEY (an operator creates it with POST /api/management/v1/datasets/{dataset_id}/push-key).',
    fr: "Cette adresse d'envoi demande la clé d'envoi du jeu de données {dataset_id} : ajoutez ?pushkey=CLÉ (un opérateur la crée avec POST /api/management/v1/datasets/{dataset_id}/push-key).",
  },
  PUSHKEY_INVALID: {
    status: 403,
    odsCode: 'AuthenticationRequired',
    en: 'The push key is not that of the dataset {dataset_id}, or was replaced, or its pushes were disabled.',
    fr: "La clé d'envoi n'est pas celle du jeu de données {dataset_id}, ou elle a été remplacée, ou ses envois ont été désactivés.",
  },
  JOIN_LESS_OPEN: {
    status: 400,
    odsCode: 'InvalidRESTParameterError',
    en: 'The dataset {dataset_id} is {visibility}: a {target} dataset may only be joined with datasets at least as open.',
    fr: 'Le jeu de données {dataset_id} est {visibility} : un jeu {target} ne peut être croisé qu’avec des jeux au moins aussi ouverts.',
  },
  SCHEDULE_INVALID: {
    status: 400,
    odsCode: 'InvalidRESTParameterError',
    en: 'The schedule {schedule} is not a cron expression (for example "0 3 * * *", every night at 3:00).',
    fr: "La planification {schedule} n'est pas une expression cron (par exemple « 0 3 * * * », chaque nuit à 3 h).",
  },
  INGEST_TOO_MANY_COLUMNS: {
    status: 400,
    odsCode: 'InvalidFileError',
    en: 'The file {file} has {found} columns; this platform takes at most {limit}.',
    fr: 'Le fichier {file} a {found} colonnes ; cette plateforme en accepte au plus {limit}.',
  },
  INGEST_ZIP_NO_SHAPEFILE: {
    status: 400,
    odsCode: 'InvalidFileError',
    en: 'The zip {file} holds no Shapefile (.shp): send the .shp, .dbf and .prj of the layer together in a zip.',
    fr: "Le zip {file} ne contient pas de Shapefile (.shp) : envoyez ensemble dans un zip les fichiers .shp, .dbf et .prj de la couche.",
  },
  INGEST_SHAPEFILE_NO_PRJ: {
    status: 400,
    odsCode: 'InvalidFileError',
    en: 'The Shapefile of {file} has no .prj: say which coordinate system it is in with projection (for example EPSG:2154 for Lambert-93, EPSG:4326 for GPS coordinates).',
    fr: "Le Shapefile de {file} n'a pas de fichier .prj : indiquez son système de coordonnées avec projection (par exemple EPSG:2154 pour le Lambert-93, EPSG:4326 pour des coordonnées GPS).",
  },
  INGEST_PROJECTION_UNKNOWN: {
    status: 400,
    odsCode: 'InvalidFileError',
    en: 'The coordinate system of {file} is not understood: {projection}.',
    fr: "Le système de coordonnées de {file} n'est pas compris : {projection}.",
  },
  INGEST_ZIP_TOO_LARGE: {
    status: 400,
    odsCode: 'InvalidFileError',
    en: 'The zip {file} expands to more than {limit} bytes: it is refused.',
    fr: 'Le zip {file} se décompresse en plus de {limit} octets : il est refusé.',
  },
  INGEST_FILE_NOT_FOUND: {
    status: 400,
    odsCode: 'InvalidFileError',
    en: 'The file {file} does not exist or cannot be read.',
    fr: "Le fichier {file} n'existe pas ou ne peut pas être lu.",
  },
  CONFIG_INVALID: {
    status: 400,
    odsCode: 'InvalidConfiguration',
    en: 'Invalid setting {setting}: {value} was found but {expected} is expected.',
    fr: 'Réglage invalide {setting} : {value} reçu, {expected} attendu.',
  },
  STORE_UNREACHABLE: {
    status: 503,
    odsCode: 'ServiceUnavailable',
    en: 'The catalog store {store} cannot be reached: {detail}.',
    fr: 'Le catalogue {store} est injoignable : {detail}.',
  },
  DATA_DIR_UNUSABLE: {
    status: 503,
    odsCode: 'ServiceUnavailable',
    en: 'The data directory {dir} cannot be written: {detail}.',
    fr: "Le répertoire de données {dir} n'est pas accessible en écriture : {detail}.",
  },
  QUERY_TIMEOUT: {
    status: 503,
    odsCode: 'QueryTimeout',
    en: 'The query took longer than {seconds} s, the limit of this platform. Narrow it (a where clause, fewer groups), try again in a moment, or use an export.',
    fr: 'La requête a duré plus de {seconds} s, la limite de cette plateforme. Restreignez-la (une clause where, moins de groupes), réessayez dans un instant, ou utilisez un export.',
  },
  QUERY_OUT_OF_MEMORY: {
    status: 503,
    odsCode: 'QueryTooLarge',
    en: 'The query needs more memory than this platform gives a query. Narrow it (a where clause, fewer groups) or try again in a moment.',
    fr: 'La requête demande plus de mémoire que cette plateforme ne lui en accorde. Restreignez-la (une clause where, moins de groupes) ou réessayez dans un instant.',
  },
  STORE_UNAVAILABLE: {
    status: 503,
    odsCode: 'ServiceUnavailable',
    en: 'The {part} is unavailable; try again in a moment.',
    fr: 'Le {part} est indisponible ; réessayez dans un instant.',
  },
  JOB_INTERRUPTED: {
    status: 500,
    odsCode: 'InternalError',
    en: 'The job was interrupted (its process stopped); the live version was not touched. Publish again.',
    fr: "Le traitement a été interrompu (son processus s'est arrêté) ; la version en ligne n'a pas été touchée. Publiez à nouveau.",
  },
  INTERNAL: {
    status: 500,
    odsCode: 'InternalError',
    en: 'An unexpected error occurred; it has been logged with the id {request_id}.',
    fr: "Une erreur inattendue s'est produite ; elle a été journalisée sous l'identifiant {request_id}.",
  },
} as const satisfies Record<string, ErrorDefinition>;

export type ErrorCode = keyof typeof ERRORS;
export type ErrorParams = Record<string, string | number>;

/** Where in the user's input the error is: a line and column of a file, a field, a parameter. */
export interface ErrorLocation {
  line?: number;
  /** The record number (1 is the first record after the header). */
  record?: number;
  column?: number | string;
  field?: string;
  parameter?: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly params: ErrorParams;
  readonly location: ErrorLocation;

  constructor(code: ErrorCode, params: ErrorParams = {}, location: ErrorLocation = {}) {
    super(renderTemplate(ERRORS[code].en, params));
    this.name = 'AppError';
    this.code = code;
    this.params = params;
    this.location = location;
  }

  get status(): number {
    return ERRORS[this.code].status;
  }

  get odsCode(): string {
    return ERRORS[this.code].odsCode;
  }

  get messageFr(): string {
    return renderTemplate(ERRORS[this.code].fr, this.params, 'fr');
  }
}

/** Fills `{name}`; in French, a value given as `name_fr` takes the place of `name` (words, not codes, differ). */
function renderTemplate(template: string, params: ErrorParams, lang: 'en' | 'fr' = 'en'): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const localised = lang === 'fr' ? params[`${name}_fr`] : undefined;
    if (localised !== undefined) return String(localised);
    return name in params ? String(params[name]) : whole;
  });
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** The first line of an error's message, for one-line reports; never a stack. */
export function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describeError(error.errors[0]);
  if (error instanceof Error) return error.message.split('\n')[0] || error.name;
  return String(error);
}

/** The table of docs/errors.md, made from ERRORS (scripts/write-errors-doc.ts writes it; a test compares). */
export function errorsTable(): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const rows = Object.entries(ERRORS).map(([code, d]) => `| \`${code}\` | ${d.status} | \`${d.odsCode}\` | ${cell(d.fr)} | ${cell(d.en)} |`);
  return ['| code | HTTP | `error_code` | français | English |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}
