/**
 * Collects unhandled promise rejections and uncaught exceptions in this test file's process while it runs: a
 * Baken started in-process that crashed would show up here (jest alone may not fail the test for them).
 */
export function watchForCrashes(): { crashes: () => string[] } {
  const seen: string[] = [];
  const onRejection = (reason: unknown) => {
    seen.push(
      `unhandledRejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`,
    );
  };
  const onException = (err: Error) => {
    seen.push(`uncaughtException: ${err.stack ?? err.message}`);
  };
  beforeAll(() => {
    process.on('unhandledRejection', onRejection);
    process.on('uncaughtException', onException);
  });
  afterAll(() => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  });
  return { crashes: () => [...seen] };
}
