/**
 * npm run sandbox:start — start the dedicated network-less sandbox engine (if it is not running)
 * and make sure the offline base images exist. Progress goes to stderr; on failure one line and a
 * non-zero exit.
 */
import { ensureBaseImages } from '../../grader/engine/base-images';
import { engineInfo, enginePaths, ensureEngine } from '../../grader/engine/daemon';

const t0 = Date.now();
const since = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
const progress = (msg: string) => process.stderr.write(`[sandbox ${since()}] ${msg}\n`);

async function main() {
  const force = process.argv.includes('--force');
  const docker = await ensureEngine({ onProgress: progress });
  await ensureBaseImages(docker, { onProgress: progress, force });
  const info = await engineInfo(docker);
  progress(
    `ready: docker ${info.serverVersion} on ${enginePaths().socket} (storage ${info.storageDriver}, ` +
      `networks ${info.networks.join(' ')}) in ${since()}`,
  );
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    const msg = e instanceof Error ? e.message : String(e);
    process.stderr.write(`sandbox:start failed: ${msg.split('\n')[0]}\n`);
    process.exit(1);
  },
);
