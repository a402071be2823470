/** npm run sandbox:stop — stop the dedicated sandbox engine (images and data stay on disk). */
import { stopEngine } from '../../grader/engine/daemon';

const progress = (msg: string) => process.stderr.write(`[sandbox] ${msg}\n`);

stopEngine({ onProgress: progress }).then(
  () => process.exit(0),
  (e: unknown) => {
    const msg = e instanceof Error ? e.message : String(e);
    process.stderr.write(`sandbox:stop failed: ${msg.split('\n')[0]}\n`);
    process.exit(1);
  },
);
