import { createHash } from 'node:crypto';
import { cpSync, existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssetHashType, DockerImage, type ILocalBundling } from 'aws-cdk-lib';
import { Code } from 'aws-cdk-lib/aws-lambda';

/** The handlers the package ships prebuilt, by the DriftwatchFunction entry each is built from. */
export const LAMBDA_ENTRIES = {
  check: 'lambdas/check/handler.ts',
  slack: 'lambdas/slack/handler.ts',
  profilePart: 'lambdas/fanout/profile-part-handler.ts',
  reduce: 'lambdas/fanout/reduce-handler.ts',
} as const;

/** Where `npm pack` puts the prebuilt bundles, under the package root: `dist/lambda/<entry without .ts>/`. */
export function prebuiltBundleDir(packageRoot: string, entry: string): string {
  return join(packageRoot, 'dist', 'lambda', entry.replace(/\.ts$/, ''));
}

/**
 * The folder holding this package's package.json: the repository in a clone (this file is
 * lib/lambda-code.ts), the installed package when it runs from dist/cdk/.
 */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('driftwatch: no package.json above the CDK library');
    dir = parent;
  }
  return dir;
}

/**
 * The esbuild options of every Lambda bundle, at synth time and at pack time alike: an ESM
 * bundle for Node.js 24 with the AWS SDK inside (so the SDK is the version the tests ran),
 * minified but keeping class and function names (the runtime's JSON log lines name an error by
 * its class), with a source map of mappings only: `--enable-source-maps` needs no more to map
 * each stack frame to the TypeScript file, line and column, so the zip does not also carry a
 * copy of every source file.
 */
function esbuildOptions(packageRoot: string, entry: string, outdir: string) {
  return {
    absWorkingDir: packageRoot,
    entryPoints: [entry],
    outfile: join(outdir, 'index.mjs'),
    bundle: true,
    platform: 'node' as const,
    format: 'esm' as const,
    target: 'node24',
    minify: true,
    keepNames: true,
    sourcemap: true,
    sourcesContent: false,
    // ESM bundles of CommonJS dependencies need `require`.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    mainFields: ['module', 'main'],
    logLevel: 'warning' as const,
  };
}

/** Bundles one handler into `outdir/index.mjs` with the local esbuild (a dev dependency: a clone, not an install). */
export function bundleLambda(packageRoot: string, entry: string, outdir: string): void {
  // Loaded only here: an installed package uses its prebuilt bundles and has no esbuild.
  const esbuild = createRequire(import.meta.url)('esbuild') as {
    buildSync(options: ReturnType<typeof esbuildOptions>): unknown;
  };
  esbuild.buildSync(esbuildOptions(packageRoot, entry, outdir));
}

/** Where a function's code comes from: its TypeScript (a clone) or the bundle shipped in the package. */
export type LambdaCodeSource = { readonly kind: 'source' | 'prebuilt'; readonly path: string };

/**
 * A clone has the handler's TypeScript and builds it at synth; an installed package has no
 * TypeScript (nor esbuild) and ships the bundle `npm pack` built from the same source with the
 * same options. The source wins where both exist, so an edited handler is never shadowed by an
 * older bundle.
 */
export function lambdaCodeSource(packageRoot: string, entry: string): LambdaCodeSource {
  const source = join(packageRoot, entry);
  if (existsSync(source)) return { kind: 'source', path: source };
  const prebuilt = prebuiltBundleDir(packageRoot, entry);
  if (existsSync(join(prebuilt, 'index.mjs'))) return { kind: 'prebuilt', path: prebuilt };
  throw new Error(
    `driftwatch: no code for the Lambda ${entry}: neither its source (${source}) nor its prebuilt bundle (${prebuilt}/index.mjs). ` +
      'A clone builds from source; an installed package ships dist/lambda/ (built by `npm pack`).',
  );
}

/**
 * The function's code asset: the bundle (built now from source, or copied from the package) plus
 * `files` written beside `index.mjs`, e.g. the deployed config. Hashed by its output, so a
 * change of code or of any file is a new asset and deploys.
 */
export function lambdaCode(
  entry: string,
  files: Readonly<Record<string, string>>,
  root: string = packageRoot(),
): Code {
  for (const name of Object.keys(files)) {
    if (!/^[A-Za-z0-9._-]+$/.test(name))
      throw new Error(`asset file name "${name}" must be a plain file name`);
  }
  const from = lambdaCodeSource(root, entry);
  const local: ILocalBundling & { readonly entry: string; readonly source: string; readonly files: string } =
    {
      // Data fields: CDK caches staged assets by the bundling options' JSON, so these tell functions apart.
      entry,
      source: from.kind,
      files: createHash('sha256').update(JSON.stringify(files)).digest('hex'),
      tryBundle(outputDir: string): boolean {
        if (from.kind === 'source') bundleLambda(root, entry, outputDir);
        else cpSync(from.path, outputDir, { recursive: true });
        for (const [name, contents] of Object.entries(files)) writeFileSync(join(outputDir, name), contents);
        return true;
      },
    };
  return Code.fromAsset(from.kind === 'source' ? root : from.path, {
    assetHashType: AssetHashType.OUTPUT,
    // Never used: the local bundling above always succeeds or throws.
    bundling: { image: DockerImage.fromRegistry('driftwatch-bundles-locally'), local },
  });
}
