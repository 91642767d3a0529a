// `npm run package`: builds build/baken.zip, the Teams app package, from manifest/ and the configuration.
import path from 'path';
import { ConfigError, loadConfig } from '../src/config';
import { buildTeamsPackage, PackageError, PLACEHOLDER_DEVELOPER_HOST } from './teamsPackage/buildPackage';

async function main(): Promise<void> {
  const config = loadConfig();
  const result = await buildTeamsPackage({ config });
  const developer = result.manifest.developer as Record<string, unknown>;
  if (Object.values(developer).some((v) => typeof v === 'string' && v.includes(PLACEHOLDER_DEVELOPER_HOST))) {
    console.warn(
      `Warning: the developer URLs in manifest/manifest.json are placeholders (${PLACEHOLDER_DEVELOPER_HOST}); set your own before publishing.`,
    );
  }
  console.log(
    `Teams app package written: ${path.relative(process.cwd(), result.outFile)} (${result.bytes} bytes, ` +
      `manifest v${String(result.manifest.manifestVersion)}, app ${String(result.manifest.version)}, bot ${config.bot.appId}).`,
  );
}

main().catch((err: unknown) => {
  if (err instanceof PackageError || err instanceof ConfigError) console.error(err.message);
  else console.error(`Packaging failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
