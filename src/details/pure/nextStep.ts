// What the user should do next for a peering connection, as plain data the details view, hover and
// tree share. Pure: text here is plain (callers escape it for HTML or append it as Markdown text).
import { atlasRegionToAws, Container, Peer, STATUS_CATEGORY_LABELS } from '../../atlas/models';

export type NextStepSeverity = 'info' | 'warning' | 'error';
export type NextStepKind =
  'acceptAwsPeering' | 'createGcpPeering' | 'failed' | 'inProgress' | 'deleting' | 'unknownStatus';

export interface NextStep {
  kind: NextStepKind;
  title: string;
  text: string;
  /** A ready-to-copy shell command; values are shell-quoted, `<UPPER_CASE>` placeholders are left bare. */
  command?: string;
  /** Placeholders in `command` the user must replace, e.g. `<ATLAS_GCP_PROJECT_ID>`. */
  placeholders: string[];
  /** Further sentences: caveats, likely causes, follow-up steps. */
  notes: string[];
  severity: NextStepSeverity;
}

const SHELL_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;
const SHELL_CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Quotes a value for POSIX shells: safe characters stay bare, anything else is single-quoted. Control
 * characters use bash/zsh `$'…'` so that nothing invisible ends up in a pasted command.
 */
export function shellQuote(value: string): string {
  if (SHELL_SAFE.test(value)) {
    return value;
  }
  if (SHELL_CONTROL.test(value)) {
    const body = value.replace(/[\\']|[\u0000-\u001f\u007f]/g, (c) =>
      c === '\\' || c === "'" ? `\\${c}` : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
    );
    return `$'${body}'`;
  }
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** `value` quoted, or the placeholder (recorded in `placeholders`) when the value is missing. */
function argOrPlaceholder(value: string | null | undefined, placeholder: string, placeholders: string[]): string {
  if (value) {
    return shellQuote(value);
  }
  if (!placeholders.includes(placeholder)) {
    placeholders.push(placeholder);
  }
  return placeholder;
}

/** The AWS region to accept in: accepterRegionName, or (null means "same region") the container's. */
export function awsAccepterRegion(
  peer: Peer,
  container?: Container,
): { region: string | null; fromContainer: boolean } {
  if (peer.providerName === 'AWS' && peer.accepterRegionName) {
    return { region: peer.accepterRegionName, fromContainer: false };
  }
  if (container?.providerName === 'AWS') {
    const region = atlasRegionToAws(container.regionName);
    return { region, fromContainer: region !== null };
  }
  return { region: null, fromContainer: false };
}

const IN_PROGRESS_MEANING: Record<string, string> = {
  INITIATING: 'Atlas is creating the peering request',
  FINALIZING: 'the request was accepted and Atlas is finishing the setup',
  ADDING_PEER: 'Atlas is adding the peering',
};

export function nextStep(peer: Peer, container?: Container): NextStep | undefined {
  const status = (peer.status ?? '').toUpperCase();
  switch (peer.category) {
    case 'ready':
      return undefined;
    case 'needsAction':
      if (peer.providerName === 'AWS' && status === 'PENDING_ACCEPTANCE') {
        return awsAccept(peer, container);
      }
      if (peer.providerName === 'GCP' && status === 'WAITING_FOR_USER') {
        return gcpReciprocal(peer, container);
      }
      return {
        kind: 'unknownStatus',
        title: 'Waiting for you',
        text: `Atlas reports ${peer.status ?? 'a status'} (${STATUS_CATEGORY_LABELS.needsAction}). Complete the peering on the ${peer.providerName} side.`,
        placeholders: [],
        notes: [],
        severity: 'warning',
      };
    case 'failed':
      return failed(peer);
    case 'inProgress': {
      const meaning = IN_PROGRESS_MEANING[status];
      return {
        kind: 'inProgress',
        title: 'Atlas is working on it',
        text: `Status ${peer.status ?? ''}${meaning ? `: ${meaning}` : ''}. This usually settles within a few minutes; use Watch until settled to follow it.`,
        placeholders: [],
        notes: [],
        severity: 'info',
      };
    }
    case 'deleting':
      return {
        kind: 'deleting',
        title: 'Atlas is deleting this connection',
        text: `Status ${peer.status ?? ''}. The connection disappears once Atlas has removed it; use Watch until settled to follow it.`,
        placeholders: [],
        notes: [],
        severity: 'info',
      };
    case 'unknown':
      return {
        kind: 'unknownStatus',
        title: 'Unknown status',
        text: peer.status
          ? `Atlas returned a status this extension does not know: ${peer.status}. Check the raw JSON or the Atlas UI.`
          : 'Atlas returned no status for this connection. Check the raw JSON or the Atlas UI.',
        placeholders: [],
        notes: [],
        severity: 'info',
      };
  }
}

function awsAccept(peer: Peer & { providerName: 'AWS' }, container?: Container): NextStep {
  const placeholders: string[] = [];
  const { region, fromContainer } = awsAccepterRegion(peer, container);
  const command =
    'aws ec2 accept-vpc-peering-connection' +
    ` --vpc-peering-connection-id ${argOrPlaceholder(peer.connectionId, '<PCX_ID>', placeholders)}` +
    ` --region ${argOrPlaceholder(region, '<AWS_REGION>', placeholders)}`;
  const notes: string[] = [];
  if (!peer.connectionId) {
    notes.push(
      'Atlas has not reported the AWS peering connection id (pcx-…) yet; refresh in a moment, or find it in the VPC console under Peering connections.',
    );
  }
  if (fromContainer) {
    notes.push(
      `The region ${region} is the Atlas container's: Atlas returns no accepter region when your VPC is in the same region as Atlas.`,
    );
  } else if (!region) {
    notes.push(
      'The region is unknown: Atlas returned no accepter region and the Atlas container is not loaded. Use the region of your VPC.',
    );
  }
  if (peer.awsAccountId) {
    notes.push(`Run it with credentials for AWS account ${peer.awsAccountId}, which owns the VPC.`);
  }
  const atlasCidr = container?.atlasCidrBlock;
  notes.push(
    `After accepting, add a route to ${atlasCidr ? `the Atlas CIDR block ${atlasCidr}` : "Atlas's CIDR block"} through the peering connection in your VPC's route tables.`,
  );
  return {
    kind: 'acceptAwsPeering',
    title: 'Accept the peering request in AWS',
    text:
      `Atlas has asked to peer with your VPC ${peer.vpcId ?? ''}`.trimEnd() +
      '. Accept the request in AWS (VPC console, Peering connections) or run this command. AWS expires requests that are not accepted within 7 days.',
    command,
    placeholders,
    notes,
    severity: 'warning',
  };
}

/** GCP peering names: lowercase letter first, then lowercase letters, digits, hyphens; at most 63. */
function gcpPeeringName(peer: Peer): string {
  return /^[a-f0-9]{24}$/.test(peer.id) ? `atlas-${peer.id}` : 'atlas-peering';
}

function gcpReciprocal(peer: Peer & { providerName: 'GCP' }, container?: Container): NextStep {
  const placeholders: string[] = [];
  const gcpContainer = container?.providerName === 'GCP' ? container : undefined;
  const command =
    `gcloud compute networks peerings create ${gcpPeeringName(peer)}` +
    ` --project=${argOrPlaceholder(peer.gcpProjectId, '<YOUR_GCP_PROJECT_ID>', placeholders)}` +
    ` --network=${argOrPlaceholder(peer.networkName, '<YOUR_NETWORK_NAME>', placeholders)}` +
    ` --peer-project=${argOrPlaceholder(gcpContainer?.gcpProjectId, '<ATLAS_GCP_PROJECT_ID>', placeholders)}` +
    ` --peer-network=${argOrPlaceholder(gcpContainer?.networkName, '<ATLAS_NETWORK_NAME>', placeholders)}`;
  const notes: string[] = [];
  if (!gcpContainer) {
    notes.push(
      'The Atlas container could not be loaded, so the Atlas project and network are unknown; refresh to fill them in.',
    );
  } else if (!gcpContainer.gcpProjectId || !gcpContainer.networkName) {
    notes.push(
      "The Atlas container's GCP project and network are null until a cluster exists in it" +
        (gcpContainer.provisioned === false ? ' (provisioned: no)' : '') +
        '. Create a cluster in this project, then refresh to get the values.',
    );
  }
  notes.push('Atlas completes the connection by itself once both sides exist; the status then becomes AVAILABLE.');
  return {
    kind: 'createGcpPeering',
    title: 'Create the peering from your GCP network to Atlas',
    text: 'Atlas has created its side. GCP peering needs a matching peering from your VPC network to the Atlas network; create it with this command (or in the console under VPC network peering).',
    command,
    placeholders,
    notes,
    severity: 'warning',
  };
}

function failed(peer: Peer): NextStep {
  const deletion = (peer.status ?? '').toUpperCase() === 'DELETION_FAILED';
  const error = peer.errorText;
  const notes = failureCauses(peer);
  return {
    kind: 'failed',
    title: deletion ? 'Atlas could not delete this connection' : 'The peering connection failed',
    text: error ? `Atlas reports: ${error}` : 'Atlas reports no error details for this failure.',
    placeholders: [],
    notes,
    severity: 'error',
  };
}

/** What usually causes a failure, most likely first, for this provider and error text. */
export function failureCauses(peer: Peer): string[] {
  const error = peer.errorText ?? '';
  switch (peer.providerName) {
    case 'AWS': {
      const state = (peer.errorStateName ?? error).toUpperCase();
      if (state.startsWith('REJECTED') || /\bREJECTED\b/.test(state)) {
        return [
          'REJECTED: the peering request was declined in AWS (in the VPC console, by the API or by automation in the accepter account).',
          'Delete this connection in Atlas, create it again, and accept the new request.',
        ];
      }
      if (state.startsWith('EXPIRED') || /\bEXPIRED\b/.test(state)) {
        return [
          'EXPIRED: nobody accepted the request within 7 days, so AWS expired it.',
          'Delete this connection in Atlas, create it again, and accept the new request within 7 days.',
        ];
      }
      if (state.startsWith('INVALID_ARGUMENT') || /\bINVALID_ARGUMENT\b/.test(state)) {
        return [
          'INVALID_ARGUMENT: AWS refused the request. Usually the AWS account id, VPC id or accepter region is wrong (the VPC must exist in that account and region).',
          'Overlapping address ranges also cause it: your VPC CIDR must not overlap the Atlas CIDR block.',
        ];
      }
      return [
        'Common causes: the request was rejected or expired in AWS, the AWS account id, VPC id or region is wrong, or your VPC CIDR overlaps the Atlas CIDR block.',
        'A connection can also fail later, when the VPC or the peering connection is deleted on the AWS side.',
      ];
    }
    case 'AZURE': {
      const causes: string[] = [];
      const deletion = (peer.status ?? '').toUpperCase() === 'DELETION_FAILED';
      if (deletion) {
        causes.push(
          'Atlas could not remove the peering from your VNet. Check that the Atlas service principal still has its role on the VNet, then delete the connection in Atlas again.',
        );
      }
      if (/overlap/i.test(error)) {
        causes.push(
          "Overlapping CIDR: your VNet's address space overlaps the Atlas CIDR block or another peering of the Atlas VNet. Use a VNet with non-overlapping addresses.",
        );
      }
      if (/permission|authori[sz]|role|principal|forbidden|access/i.test(error) || causes.length === 0) {
        causes.push(
          'Missing service principal or role: Atlas peers through the service principal of app id e90a1407-55c3-432d-9cb1-3638900a9d22 (create it once per tenant with `az ad sp create --id e90a1407-55c3-432d-9cb1-3638900a9d22`), which needs the custom AtlasPeering role with the virtualNetworkPeerings read, write, delete and peer permissions on your VNet.',
        );
      }
      if (!/overlap/i.test(error)) {
        causes.push("Overlapping CIDR: your VNet's address space must not overlap the Atlas CIDR block.");
      }
      causes.push('Also check the directory (tenant) id, subscription id, resource group and VNet name.');
      return causes;
    }
    case 'GCP':
      return [
        'Common causes: the peering was deleted on the GCP side (console or `gcloud compute networks peerings delete`), or your network was deleted.',
        "Your network's subnet ranges overlap the Atlas CIDR block.",
        'The GCP project id or network name is wrong, or a peering quota of the project or network was reached.',
        'Delete this connection in Atlas and create it again once the cause is fixed.',
      ];
  }
}
