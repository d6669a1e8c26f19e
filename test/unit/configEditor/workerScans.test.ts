// The scan worker (configEditor/pure/workerScans.ts and scanWorker.ts) in a real worker thread of
// plain Node: its answer must be exactly what the scan on the host answers, for every format and
// for results larger than one batch; a superseded or changed text must end as superseded; a worker
// that dies or cannot start must say so, not hang.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { detectFormat, scanSteps, type DocumentFormat } from '../../../src/configFiles';
import { runToEnd } from '../../../src/configFiles/jsonTree';
import { SlicesAbortedError } from '../../../src/configEditor/pure/slices';
import { BATCH_ITEMS, ResultAssembler, toBatches } from '../../../src/configEditor/pure/workerProtocol';
import {
  CHUNK_CHARS,
  WorkerScanner,
  WorkerUnavailableError,
  type WorkerScanRequest,
} from '../../../src/configEditor/pure/workerScans';
import { atlasCliPeers, operatorManifests, terraformPeerings, tfstate } from '../../../bench/scaleShapes';
import { load, oneFixturePerFormat } from '../configFiles/helpers';

/** tsc puts the worker's entry beside this test's compiled sources (out/src/…). */
const WORKER_SCRIPT = path.resolve(__dirname, '../../../src/configEditor/pure/scanWorker.js');

function request(text: string, format: DocumentFormat, extra: Partial<WorkerScanRequest> = {}): WorkerScanRequest {
  return {
    format,
    length: text.length,
    read: (start, end) => text.slice(start, end),
    isCurrent: () => true,
    ...extra,
  };
}

describe('scans in the worker thread', function () {
  this.timeout(60_000);
  let scanner: WorkerScanner;
  beforeEach(() => {
    scanner = new WorkerScanner(WORKER_SCRIPT);
  });
  afterEach(() => scanner.dispose());

  const fixtures = oneFixturePerFormat();

  for (const { text, info } of fixtures) {
    it(`answers exactly the host's scan for ${path.basename(info.fileName)}`, async () => {
      const format = detectFormat(info);
      const { result } = await scanner.scan(request(text, format));
      assert.deepEqual(result, runToEnd(scanSteps(text, format)));
    });
  }

  const large: [string, DocumentFormat, string][] = [
    // Several chunks of text, and more references, resources and spans than one batch holds.
    ['state', 'tfstate', tfstate(3000)],
    ['Terraform', 'terraform', terraformPeerings(3000)],
    ['operator manifests', 'kubernetes', operatorManifests(1500)],
    ['Atlas CLI JSON', 'atlasJson', atlasCliPeers(3000)],
  ];
  for (const [name, format, text] of large) {
    it(`answers exactly the host's scan for a large ${name} file, read in chunks and answered in batches`, async () => {
      assert.ok(text.length > 2 * CHUNK_CHARS, `${text.length} chars`);
      const host = runToEnd(scanSteps(text, format));
      assert.ok(host.refs.length > BATCH_ITEMS.refs, `${host.refs.length} refs`);
      const reads: [number, number][] = [];
      const { result, text: kept } = await scanner.scan(
        request(text, format, {
          read: (start, end) => {
            reads.push([start, end]);
            return text.slice(start, end);
          },
          keepText: true,
        }),
      );
      assert.deepEqual(result, host);
      assert.equal(kept, text);
      // Never the whole text at once.
      assert.ok(reads.length > 2 && reads.every(([s, e]) => e - s <= CHUNK_CHARS));
    });
  }

  it('ends as superseded when the text changes while it is read, and the worker goes on serving', async () => {
    const text = tfstate(2000);
    let reads = 0;
    await assert.rejects(
      scanner.scan(
        request(text, 'tfstate', {
          read: (start, end) => {
            reads++;
            return text.slice(start, end);
          },
          isCurrent: () => reads < 2,
        }),
      ),
      SlicesAbortedError,
    );
    const { result } = await scanner.scan(request(text, 'tfstate'));
    assert.deepEqual(result, runToEnd(scanSteps(text, 'tfstate')));
  });

  it('ends as superseded when aborted while the worker scans, and answers the next scan', async () => {
    const text = tfstate(4000);
    const abort = new AbortController();
    const first = scanner.scan(request(text, 'tfstate', { signal: abort.signal }));
    // Aborted once the text is sent, while the worker scans it.
    setTimeout(() => abort.abort(), 0);
    await assert.rejects(first, SlicesAbortedError);
    const small = load('terraform/terraform.tfstate').text;
    const { result } = await scanner.scan(request(small, 'tfstate'));
    assert.deepEqual(result, runToEnd(scanSteps(small, 'tfstate')));
  });

  it('runs concurrent scans of several files, each with its own answer', async () => {
    const texts = large.map(([, format, text]) => ({ format, text }));
    const answers = await Promise.all(texts.map(({ format, text }) => scanner.scan(request(text, format))));
    answers.forEach(({ result }, i) => assert.deepEqual(result, runToEnd(scanSteps(texts[i].text, texts[i].format))));
  });

  it('fails the scan, not the host, when the worker runs out of memory, and starts a new worker after', async () => {
    const tight = new WorkerScanner(WORKER_SCRIPT, 16);
    try {
      await assert.rejects(tight.scan(request(tfstate(40_000), 'tfstate')), /scan worker/);
      assert.equal(tight.running, false);
      const small = load('terraform/terraform.tfstate').text;
      const { result } = await tight.scan(request(small, 'tfstate'));
      assert.ok(result.refs.length > 0);
    } finally {
      tight.dispose();
    }
  });

  it('says the worker is unavailable when its script cannot start', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-worker-'));
    const missing = new WorkerScanner(path.join(dir, 'missing.js'));
    const broken = path.join(dir, 'broken.js');
    fs.writeFileSync(broken, 'throw new Error("broken entry")');
    const throwing = new WorkerScanner(broken);
    try {
      await assert.rejects(missing.scan(request('{}', 'tfstate')), WorkerUnavailableError);
      await assert.rejects(throwing.scan(request('{}', 'tfstate')), (e: unknown) => {
        assert.ok(e instanceof WorkerUnavailableError);
        assert.match(e.message, /broken entry/);
        return true;
      });
      // Said once: the next scan is refused at once, without starting another worker.
      await assert.rejects(throwing.scan(request('{}', 'tfstate')), WorkerUnavailableError);
      assert.equal(throwing.running, false);
    } finally {
      missing.dispose();
      throwing.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('scan result batches', () => {
  it('put back together give the same result, optional fields included', () => {
    for (const [format, text] of [
      ['tfstate', tfstate(700)],
      ['terraform', terraformPeerings(700)],
      ['tfstate', '{"resources": []}'],
    ] as [DocumentFormat, string][]) {
      const result = runToEnd(scanSteps(text, format));
      const assembler = new ResultAssembler(format);
      for (const batch of toBatches(result)) {
        assert.ok(batch.items.length <= BATCH_ITEMS[batch.field]);
        assembler.add(batch);
      }
      assert.deepEqual(assembler.result(result.rootKeys), result);
    }
  });
});
