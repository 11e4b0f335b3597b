// The entry of the validation thread (validate-contained.ts). The sources are TypeScript, run
// through tsx as in bin/territoires.mjs; a thread registers it for itself.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { runValidation } = await import('./validate-thread.ts');
parentPort.postMessage(await runValidation(workerData));
