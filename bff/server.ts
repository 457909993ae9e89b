import { ConfigError, isEmbedded, loadConfig, type Config } from './config/config.js';
import { startStack } from './stack.js';

/**
 * `npm start`: reads the configuration once, starts the stack, prints where it is, and
 * stops cleanly on SIGTERM/SIGINT. Services keep running across a restart and are
 * found again at the next start.
 */
const log = (message: string) => console.log(`[atelier] ${message}`);

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

try {
  const stack = await startStack(config, log);
  console.log(`
  Atelier is running (data in ${config.data})

    Portal and API   ${stack.bffUrl}
    Service proxy    ${stack.proxyUrl}
    Sign-in          ${stack.issuerUrl}${isEmbedded(config) ? ' (embedded issuer: demo users alice and bob, passwords on its sign-in page)' : ''}

  Local mode runs services as processes of this machine, for one person or a trusted group.
  ${stack.isolation}
`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping (running services keep running and are found again at the next start)`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    stack.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
} catch (error) {
  console.error(`Atelier could not start: ${(error as Error).message}`);
  process.exit(1);
}
