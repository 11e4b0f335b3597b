// The errors of Table Schema validation (issue [6/6]), declared as src/errors.ts declares the
// others, which includes them. A schema's own faults name the property (`fields[3].type`); a file
// that does not conform is not an error of the request: its report says why, row by row.
export const SCHEMA_ERRORS = {
  SCHEMA_NOT_FOUND: {
    status: 404,
    odsCode: 'NotFoundResource',
    en: 'There is no schema {schema} in the registry; the schemas known are listed at /api/schemas/v1/schemas.',
    fr: "Il n'y a pas de schéma {schema} dans le registre ; les schémas connus sont listés sur /api/schemas/v1/schemas.",
  },
  SCHEMA_INVALID: {
    status: 400,
    odsCode: 'InvalidRESTParameterError',
    en: 'The schema {schema} is not a valid Table Schema: {property}: {detail}.',
    fr: "Le schéma {schema} n'est pas un Table Schema valide : {property} : {detail_fr}.",
  },
  SCHEMA_REPORT_NOT_FOUND: {
    status: 404,
    odsCode: 'NotFoundResource',
    en: 'The dataset {dataset_id} has no validation report for this version: it declared no schema when the version was published.',
    fr: "Le jeu de données {dataset_id} n'a pas de rapport de validation pour cette version : il ne déclarait pas de schéma quand elle a été publiée.",
  },
  SCHEMA_NAME_TAKEN: {
    status: 409,
    odsCode: 'InvalidRESTParameterError',
    en: 'The registry already has a schema named {schema}: choose another name or remove it first.',
    fr: 'Le registre a déjà un schéma nommé {schema} : choisissez un autre nom ou retirez-le d’abord.',
  },
  SCHEMA_SHIPPED: {
    status: 409,
    odsCode: 'InvalidRESTParameterError',
    en: 'The schema {schema} ships with the platform and cannot be removed or replaced.',
    fr: 'Le schéma {schema} est livré avec la plateforme : il ne peut être ni retiré ni remplacé.',
  },
  SCHEMA_NOT_CONFORMING: {
    status: 422,
    odsCode: 'InvalidFileError',
    en: 'The file {file} does not conform to the schema {schema} ({errors} errors; first: row {row}, column {field}: {first}). Nothing was published: fix the file, or ask an administrator to let errors only warn.',
    fr: "Le fichier {file} n'est pas conforme au schéma {schema} ({errors} erreurs ; première : ligne {row}, colonne {field} : {first_fr}). Rien n'a été publié : corrigez le fichier, ou demandez à un administrateur de ne faire qu'avertir.",
  },
  SCHEMA_VALIDATION_TIMEOUT: {
    status: 422,
    odsCode: 'InvalidFileError',
    en: 'The validation against the schema was stopped after {seconds} s. A pattern of the schema with nested repetitions, such as ([a-z]+ ?)+, can take exponential time on a value that almost matches: write it without them (for instance [a-z]+( [a-z]+)*).',
    fr: "La validation par le schéma a été arrêtée au bout de {seconds} s. Un motif (pattern) du schéma aux répétitions imbriquées, comme ([a-z]+ ?)+, peut prendre un temps exponentiel sur une valeur qui y ressemble presque : écrivez-le sans elles (par exemple [a-z]+( [a-z]+)*).",
  },
  SCHEMA_FILE_UNREADABLE: {
    status: 400,
    odsCode: 'InvalidFileError',
    en: 'The file {file} cannot be validated against a schema: {detail}.',
    fr: 'Le fichier {file} ne peut pas être validé par rapport à un schéma : {detail_fr}.',
  },
} as const;
