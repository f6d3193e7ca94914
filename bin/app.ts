import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ConfigError } from '../lambdas/config-error.ts';
import { DriftwatchStack } from '../lib/driftwatch-stack.ts';
import { loadConfig } from '../lib/load-config.ts';

const app = new App();
const configPath = String(app.node.tryGetContext('config') ?? 'driftwatch.config.json');
const stackName = String(app.node.tryGetContext('stackName') ?? 'Driftwatch');

let loaded: ReturnType<typeof loadConfig>;
try {
  loaded = loadConfig(configPath);
} catch (error) {
  // A config error is the user's to fix: say it plainly, without a stack trace.
  process.stderr.write(`driftwatch: ${(error as Error).message}\n`);
  process.exit(1);
}

try {
  new DriftwatchStack(app, stackName, {
    ...loaded,
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
} catch (error) {
  // Limits only the whole config can break (e.g. lifecycle rules per bucket) are config errors too.
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`driftwatch: ${configPath}: ${error.message}\n`);
  process.exit(1);
}
// cdk-nag 3 runs as a policy-validation plugin: unacknowledged findings fail the synth.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
