// The actions a caller may be refused, in words: a 403 says what was refused in the reader's
// language ("publier un jeu de données"), while the audit log keeps the code (`dataset.publish`).
const WORDS: Record<string, { en: string; fr: string }> = {
  'dataset.publish': { en: 'publish this dataset', fr: 'publier ce jeu de données' },
  'dataset.source': { en: 'set where this dataset is read from', fr: 'choisir la source de ce jeu de données' },
  'dataset.refresh': { en: 'refresh this dataset', fr: 'mettre à jour ce jeu de données' },
  'dataset.rollback': { en: 'put back a version of this dataset', fr: 'remettre en ligne une version de ce jeu de données' },
  'dataset.purge': { en: 'purge a version of this dataset', fr: 'purger une version de ce jeu de données' },
  'dataset.push': { en: 'push records to this dataset', fr: 'pousser des enregistrements dans ce jeu de données' },
  'dataset.push-key': { en: 'manage the push key of this dataset', fr: 'gérer la clé de poussée de ce jeu de données' },
  'dataset.compact': { en: 'compact this dataset', fr: 'compacter ce jeu de données' },
  'dataset.attachment': { en: 'manage the attachments of this dataset', fr: 'gérer les pièces jointes de ce jeu de données' },
  'dataset.steps': { en: 'change the processing steps of this dataset', fr: 'modifier les traitements de ce jeu de données' },
  'dataset.update': { en: 'change this dataset', fr: 'modifier ce jeu de données' },
  'dataset.delete': { en: 'delete this dataset', fr: 'supprimer ce jeu de données' },
  'dataset.schema': { en: 'declare the schema of this dataset', fr: 'déclarer le schéma de ce jeu de données' },
  'dataset.schema-policy': { en: 'choose whether schema errors block this dataset’s publications', fr: 'choisir si les erreurs de schéma bloquent les publications de ce jeu de données' },
  'schema.add': { en: 'add a schema to the registry', fr: 'ajouter un schéma au registre' },
  'schema.remove': { en: 'remove a schema from the registry', fr: 'retirer un schéma du registre' },
  'dataset.jobs': { en: 'follow the jobs of this dataset', fr: 'suivre les traitements de ce jeu de données' },
  'grant.add': { en: 'share this dataset', fr: 'partager ce jeu de données' },
  'grant.remove': { en: 'stop sharing this dataset', fr: 'cesser de partager ce jeu de données' },
  'portal.alias': { en: 'manage the aliases of this portal', fr: 'gérer les alias de ce portail' },
  'portal.update': { en: 'change this portal', fr: 'modifier ce portail' },
};

/** The FORBIDDEN error's `action` and `action_fr` for an action code; an unknown code is shown as is. */
export function actionWords(action: string): { action: string; action_fr: string } {
  const words = WORDS[action];
  return words ? { action: words.en, action_fr: words.fr } : { action, action_fr: action };
}
