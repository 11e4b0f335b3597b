// `territoires <command>`: dispatch, with --help on every command.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { loadConfig, SETTINGS, settingsHelp, type Config } from '../config.js';
import { datasetsCommand } from './datasets.js';
import { keysCommand } from './keys.js';
import { usersCommand } from './users.js';
import { orgsCommand } from './orgs.js';
import { portalsCommand } from './portals.js';
import { previewCommand } from './preview.js';
import { versionsCommand } from './versions.js';
import { refreshCommand } from './refresh.js';
import { attachCommand } from './attach.js';
import { printError, usageError } from './output.js';
import { publishCommand } from './publish.js';
import { schemasCommand } from './schemas.js';
import { serveCommand } from './serve.js';
import { validateCommand } from './validate.js';

export interface Command {
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(args: { values: Record<string, string | boolean | string[] | undefined>; positionals: string[]; config: Config }): Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  serve: serveCommand,
  preview: previewCommand,
  publish: publishCommand,
  attach: attachCommand,
  refresh: refreshCommand,
  orgs: orgsCommand,
  portals: portalsCommand,
  datasets: datasetsCommand,
  keys: keysCommand,
  users: usersCommand,
  versions: versionsCommand,
  validate: validateCommand,
  schemas: schemasCommand,
};

// Every command takes the settings of src/config.ts as flags.
const SETTING_OPTIONS = Object.fromEntries(SETTINGS.map((s) => [s.flag.slice(2), { type: 'string' as const }]));

function globalHelp(): string {
  const commands = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`).join('\n');
  return `territoires — plateforme open data des territoires / open data platform for local authorities

Usage: territoires <commande> [options]     (territoires <commande> --help)

Commandes / commands:
${commands}

Réglages (toutes commandes) / settings (every command):
${settingsHelp()}
`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(globalHelp());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) return printError(usageError('', `Unknown command "${name}"`, `Commande inconnue « ${name} »`));
  try {
    const parsed = parseArgs({
      args: rest,
      options: { ...SETTING_OPTIONS, ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
    const positionals = parsed.positionals;
    if (values.help) {
      process.stdout.write(`${command.summary}\n\nUsage: ${command.usage}\n\nRéglages / settings:\n${settingsHelp()}\n`);
      return 0;
    }
    const flags = Object.fromEntries(SETTINGS.map((s) => [s.flag, values[s.flag.slice(2)] as string | undefined]));
    const config = loadConfig(process.env, flags);
    return await command.run({ values, positionals, config });
  } catch (error) {
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      return printError(usageError(name, error.message, error.message));
    }
    return printError(error);
  }
}
