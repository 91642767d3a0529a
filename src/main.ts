import { ConfigError, loadConfig } from './config';

/** Starts Baken from the environment and stops it cleanly on SIGTERM / SIGINT. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  // Loaded only after the configuration is known to be good, so a bad setting is reported at once.
  const { startBaken } = await import('./app');
  const app = await startBaken(config, { pauseBeforeWriteMs: config.testPauseBeforeWriteMs });
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(
      `${JSON.stringify({ time: new Date().toISOString(), level: 'info', event: 'shutdown', signal })}\n`,
    );
    // Exit only once stdout has flushed, so the last log lines reach a piped log collector.
    const exit = (code: number) => process.stdout.write('', () => process.exit(code));
    app.stop().then(
      () => exit(0),
      () => exit(1),
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`Baken could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
