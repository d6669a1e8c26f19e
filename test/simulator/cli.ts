// `npm run atlas-sim -- --port N [--seed demo|empty] [--data f.json] [--latency ms]
//  [--nonce-lifetime ms] [--token-lifetime s]`: runs the simulator for manual testing and the demo.
// Printing the credentials is deliberate: they are simulator-only demo values.

import { DEMO_CREDENTIALS, SEED_IDS, startAtlasSimulator, type SimulatorOptions } from './index';

const USAGE =
  'Usage: npm run atlas-sim -- [--port N] [--seed demo|empty] [--data file.json] [--latency ms] [--nonce-lifetime ms] [--token-lifetime s]';

function parseArgs(argv: string[]): SimulatorOptions {
  const options: SimulatorOptions = { port: 0 };
  const num = (flag: string, value: string | undefined): number => {
    const n = Number(value);
    if (value === undefined || !Number.isFinite(n) || n < 0) {
      throw new Error(`${flag} needs a non-negative number`);
    }
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    switch (flag) {
      case '--port':
        options.port = num(flag, value);
        i++;
        break;
      case '--seed':
        if (value !== 'demo' && value !== 'empty') {
          throw new Error('--seed must be demo or empty');
        }
        options.seed = value;
        i++;
        break;
      case '--data':
        if (!value) {
          throw new Error('--data needs a file');
        }
        options.dataFile = value;
        i++;
        break;
      case '--latency':
        options.latencyMs = num(flag, value);
        i++;
        break;
      case '--nonce-lifetime':
        options.nonceLifetimeMs = num(flag, value);
        i++;
        break;
      case '--token-lifetime':
        options.tokenLifetimeSec = num(flag, value);
        i++;
        break;
      case '-h':
      case '--help':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${flag}`);
    }
  }
  return options;
}

async function main(): Promise<void> {
  let options: SimulatorOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const sim = await startAtlasSimulator(options);
  console.log(`Atlas simulator listening on ${sim.url}`);
  console.log(
    `  API key (HTTP Digest):      public ${DEMO_CREDENTIALS.apiKey.publicKey}  private ${DEMO_CREDENTIALS.apiKey.privateKey}`,
  );
  console.log(
    `  Service account (OAuth):    id ${DEMO_CREDENTIALS.serviceAccount.clientId}  secret ${DEMO_CREDENTIALS.serviceAccount.clientSecret}`,
  );
  if (!options.dataFile && options.seed !== 'empty') {
    console.log(
      `  Projects: ${Object.entries(SEED_IDS.projects)
        .map(([name, id]) => `${name}=${id}`)
        .join(' ')}`,
    );
  }
  console.log('  Faults: POST/DELETE /__sim/faults, log: GET /__sim/log. Ctrl-C to stop.');
  const stop = (): void => {
    void sim.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
