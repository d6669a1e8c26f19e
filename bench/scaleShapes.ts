// Generators of large and adversarial config files, for the scale benchmark (bench/scale.ts) and
// for the tests that check the scanners on big inputs. Deterministic: the same arguments give the
// same text, so figures from two runs compare.

/** A 24-hex id derived from a number (distinct numbers give distinct ids). */
export function hexId(n: number, salt = 0): string {
  const a = (n >>> 0).toString(16).padStart(8, '0');
  const b = ((n * 2654435761 + salt) >>> 0).toString(16).padStart(8, '0');
  const c = ((salt * 40503 + 0x5cbf) >>> 0).toString(16).padStart(8, '0');
  return `${c}${b}${a}`.slice(0, 24);
}

export interface Shape {
  /** Short name for the tables. */
  name: string;
  fileName: string;
  languageId: string;
  /** The text for a size parameter: `units` is what doubles when the file doubles. */
  make(units: number): string;
  /** Units that give about 1 MB (10^6 characters), for scaling to a size in MB. */
  unitsPerMb: number;
}

/** Locale-file YAML with `keys` keys and nothing Atlas in it. */
export function i18nYaml(keys: number): string {
  const lines = ['# translations', 'en:'];
  for (let i = 0; i < keys; i++) {
    lines.push(`  message_${i.toString(36)}_label: "Text of message number ${i} shown to the user"`);
  }
  return lines.join('\n') + '\n';
}

/** An AtlasNetworkPeering manifest with `labels` labels (the operator's CRD, one document). */
export function operatorManifestWithLabels(labels: number): string {
  const lines = [
    'apiVersion: atlas.mongodb.com/v1',
    'kind: AtlasNetworkPeering',
    'metadata:',
    '  name: my-peering',
    '  labels:',
  ];
  for (let i = 0; i < labels; i++) {
    lines.push(`    l${i}: v${i}`);
  }
  lines.push(
    'spec:',
    '  externalProjectRef:',
    `    id: ${hexId(1, 1)}`,
    '  id: ' + hexId(2, 1),
    '  provider: AWS',
    'status:',
    '  id: ' + hexId(2, 1),
  );
  return lines.join('\n') + '\n';
}

/**
 * Terraform with `comments` block comments and no newline between them: a newline search that runs
 * to the end of the text for each comment makes this quadratic.
 */
export function terraformWithBlockComments(comments: number): string {
  const parts: string[] = [];
  for (let i = 0; i < comments; i++) {
    parts.push(`/* note ${i} */ `);
  }
  return (
    parts.join('') +
    `\nresource "mongodbatlas_network_peering" "p" {\n  project_id = "${hexId(1, 2)}"\n  peer_id = "${hexId(2, 2)}"\n}\n`
  );
}

/** Terraform with `blocks` peering resources, each with a project and a container (ordinary shape). */
export function terraformPeerings(blocks: number): string {
  const out: string[] = [];
  for (let i = 0; i < blocks; i++) {
    out.push(
      `# peering ${i}`,
      `resource "mongodbatlas_network_peering" "peer_${i}" {`,
      `  project_id             = "${hexId(i % 50, 3)}"`,
      `  container_id           = "${hexId(i, 4)}"`,
      `  provider_name          = "AWS"`,
      `  accepter_region_name   = "us-east-1"`,
      `  aws_account_id         = "123456789012"`,
      `  vpc_id                 = "vpc-${i.toString(16).padStart(17, '0')}"`,
      `  route_table_cidr_block = "10.${(i >> 8) & 255}.${i & 255}.0/24"`,
      `}`,
      '',
    );
  }
  return out.join('\n');
}

function tfstateResource(i: number, module?: string): string {
  const project = hexId(i % 50, 5);
  const peer = hexId(i, 6);
  const container = hexId(i, 7);
  return JSON.stringify(
    {
      ...(module ? { module } : {}),
      mode: 'managed',
      type: i % 2 === 0 ? 'mongodbatlas_network_peering' : 'mongodbatlas_network_container',
      name: `r_${i}`,
      provider: 'provider["registry.terraform.io/mongodb/mongodbatlas"]',
      instances: [
        {
          schema_version: 0,
          attributes: {
            accepter_region_name: 'us-east-1',
            atlas_cidr_block: '192.168.248.0/21',
            aws_account_id: '123456789012',
            connection_id: `pcx-${i.toString(16).padStart(17, '0')}`,
            container_id: container,
            id: Buffer.from(`peer:${peer}-project:${project}`).toString('base64'),
            peering_id: peer,
            project_id: project,
            provider_name: 'AWS',
            route_table_cidr_block: '10.20.0.0/16',
            status_name: 'AVAILABLE',
            vpc_id: `vpc-${i.toString(16).padStart(17, '0')}`,
          },
          sensitive_attributes: [],
        },
      ],
    },
    null,
    2,
  )
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}

/** Terraform state (format 4) with `resources` Atlas resources (half peerings, half containers), ~1 KB each. */
export function tfstate(resources: number): string {
  const body: string[] = [];
  for (let i = 0; i < resources; i++) {
    body.push(tfstateResource(i));
  }
  return `{\n  "version": 4,\n  "terraform_version": "1.9.5",\n  "serial": 1,\n  "lineage": "bench",\n  "outputs": {},\n  "resources": [\n${body.join(',\n')}\n  ]\n}\n`;
}

/**
 * Terraform state whose plural data source sits in a module with a very long name, with `results`
 * peers: a regex that backtracks over the name once per reference makes this quadratic.
 */
export function tfstateLongModuleName(results: number, nameLength = 200_000): string {
  const module = `module.${'m'.repeat(nameLength)}`;
  const list = Array.from({ length: results }, (_, i) => ({
    peering_id: hexId(i, 8),
    container_id: hexId(i, 9),
    provider_name: 'AWS',
    status_name: 'AVAILABLE',
  }));
  return JSON.stringify(
    {
      version: 4,
      resources: [
        {
          module,
          mode: 'data',
          type: 'mongodbatlas_network_peerings',
          name: 'all',
          instances: [{ attributes: { project_id: hexId(1, 8), results: list } }],
        },
      ],
    },
    null,
    2,
  );
}

/** Atlas CLI output: a list of `peers` peering connections (what `atlas networking peering list -o json` prints). */
export function atlasCliPeers(peers: number): string {
  const results = Array.from({ length: peers }, (_, i) => ({
    accepterRegionName: 'us-east-1',
    awsAccountId: '123456789012',
    connectionId: `pcx-${i.toString(16).padStart(17, '0')}`,
    containerId: hexId(i, 10),
    errorStateName: null,
    id: hexId(i, 11),
    providerName: 'AWS',
    routeTableCidrBlock: '10.20.0.0/16',
    statusName: 'AVAILABLE',
    vpcId: `vpc-${i.toString(16).padStart(17, '0')}`,
  }));
  return JSON.stringify({ links: [], results, totalCount: peers }, null, 2);
}

/** A JSON file with nothing Atlas in it (an OpenAPI-like spec), ~`entries` × 100 bytes. */
export function unrelatedJson(entries: number): string {
  const paths: Record<string, unknown> = {};
  for (let i = 0; i < entries; i++) {
    paths[`/things/${i}`] = { get: { summary: `Get thing ${i}`, operationId: `getThing${i}` } };
  }
  return JSON.stringify({ openapi: '3.0.0', info: { title: 'x', version: '1' }, paths }, null, 2);
}

/** Kubernetes: `docs` operator manifests (peerings and containers) separated by `---`. */
export function operatorManifests(docs: number): string {
  const out: string[] = [];
  for (let i = 0; i < docs; i++) {
    out.push(
      '---',
      'apiVersion: atlas.mongodb.com/v1',
      `kind: ${i % 2 === 0 ? 'AtlasNetworkPeering' : 'AtlasNetworkContainer'}`,
      'metadata:',
      `  name: item-${i}`,
      '  namespace: atlas',
      'spec:',
      '  externalProjectRef:',
      `    id: ${hexId(i % 50, 12)}`,
      `  id: ${hexId(i, 13)}`,
      '  provider: AWS',
      '  awsConfiguration:',
      '    accepterRegionName: us-east-1',
      '    awsAccountId: "123456789012"',
      `    vpcId: vpc-${i.toString(16).padStart(17, '0')}`,
      '    routeTableCidrBlock: 10.20.0.0/16',
    );
  }
  return out.join('\n') + '\n';
}

/** Sizes in the benchmark tables are decimal: 30 MB stays under the 30 MiB scan limit. */
export const MB = 1_000_000;

function perMb(make: (units: number) => string, probe: number): number {
  return Math.max(1, Math.round((probe * MB) / make(probe).length));
}

/** The formats at an ordinary shape (scaled to 1, 10, 30 MB) and the adversarial shapes. */
export function ordinaryShapes(): Shape[] {
  const shapes: Omit<Shape, 'unitsPerMb'>[] = [
    { name: 'Terraform (.tf)', fileName: '/bench/main.tf', languageId: 'terraform', make: terraformPeerings },
    { name: 'Terraform state', fileName: '/bench/terraform.tfstate', languageId: 'json', make: tfstate },
    {
      name: 'operator manifests (YAML)',
      fileName: '/bench/atlas.yaml',
      languageId: 'yaml',
      make: operatorManifests,
    },
    { name: 'Atlas CLI JSON', fileName: '/bench/peers.json', languageId: 'json', make: atlasCliPeers },
  ];
  return shapes.map((s) => ({ ...s, unitsPerMb: perMb(s.make, 500) }));
}

export function adversarialShapes(): Shape[] {
  const shapes: Omit<Shape, 'unitsPerMb'>[] = [
    { name: 'i18n YAML, nothing Atlas', fileName: '/bench/en.yaml', languageId: 'yaml', make: i18nYaml },
    {
      name: 'operator manifest, many labels',
      fileName: '/bench/peering.yaml',
      languageId: 'yaml',
      make: operatorManifestWithLabels,
    },
    {
      name: 'Terraform, many /* */ comments',
      fileName: '/bench/comments.tf',
      languageId: 'terraform',
      make: terraformWithBlockComments,
    },
    {
      name: '.tfstate, one long module name',
      fileName: '/bench/module.tfstate',
      languageId: 'json',
      make: (n) => tfstateLongModuleName(n),
    },
    { name: 'unrelated JSON (OpenAPI-like)', fileName: '/bench/openapi.json', languageId: 'json', make: unrelatedJson },
  ];
  return shapes.map((s) => ({ ...s, unitsPerMb: perMb(s.make, 2000) }));
}
