// The one field table (API ⇄ Terraform ⇄ operator) against its sources: API names against the
// OpenAPI excerpt the simulator is checked with and the seed's JSON, operator paths against the
// CRD field list.

import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { PROVIDERS, type ProviderName } from '../../../src/atlas/models';
import {
  CONTAINER_FIELDS,
  PEER_ARGUMENTS_FROM_CONTAINER,
  PEER_FIELDS,
  type FieldMapping,
} from '../../../src/configFiles/fieldMap';
import { demoSeed } from '../../simulator/seed';
import { SPEC_FILE } from '../simulator/openapiSchemas';
import { CRD_FIELDS } from './helpers';

type Schema = { properties?: Record<string, unknown>; allOf?: Schema[]; $ref?: string };
const schemas = (parse(readFileSync(SPEC_FILE, 'utf8')) as { components: { schemas: Record<string, Schema> } })
  .components.schemas;

/** Property names of a schema, through allOf and $ref. */
function propertyNames(schema: Schema): Set<string> {
  const own = Object.keys(schema.properties ?? {});
  const inherited = (schema.allOf ?? []).flatMap((part) => [
    ...propertyNames(part.$ref ? schemas[part.$ref.split('/').pop() as string] : part),
  ]);
  return new Set([...own, ...inherited]);
}

const PEER_SCHEMAS: Record<ProviderName, string> = {
  AWS: 'AwsNetworkPeeringConnectionSettings',
  AZURE: 'AzureNetworkPeeringConnectionSettings',
  GCP: 'GCPNetworkPeeringConnectionSettings',
};
const CONTAINER_SCHEMAS: Record<ProviderName, string> = {
  AWS: 'AWSCloudProviderContainer',
  AZURE: 'AzureCloudProviderContainer',
  GCP: 'GCPCloudProviderContainer',
};
const COMMON_PEER_PROPERTIES = propertyNames(schemas.BaseNetworkPeeringConnectionSettings);

function seedJson(kind: 'peers' | 'containers', provider: ProviderName): Record<string, unknown>[] {
  return demoSeed()
    .projects.flatMap((p) => p[kind] as unknown as Record<string, unknown>[])
    .filter((o) => o.providerName === provider);
}

function assertTable(
  table: readonly FieldMapping<unknown>[],
  schemaProperties: Set<string>,
  kind: 'AtlasNetworkPeering' | 'AtlasNetworkContainer',
): void {
  for (const mapping of table) {
    assert.ok(schemaProperties.has(mapping.api), `${mapping.api} is not an API field`);
    if (mapping.operator) {
      assert.ok(CRD_FIELDS.kinds[kind].includes(mapping.operator), `${kind} has no ${mapping.operator}`);
    }
  }
  const terraformNames = table.map((m) => m.terraform).filter((t) => t !== null);
  assert.equal(new Set(terraformNames).size, terraformNames.length, 'Terraform names are unique');
  const specPaths = table.map((m) => m.operator).filter((o) => o?.startsWith('spec.'));
  assert.equal(new Set(specPaths).size, specPaths.length, 'operator spec paths are unique');
}

describe('Field table: API ⇄ Terraform ⇄ operator', () => {
  for (const provider of PROVIDERS) {
    it(`${provider} peer fields are API fields and CRD paths, and cover every field the seed returns`, () => {
      const table = PEER_FIELDS[provider] as readonly FieldMapping<unknown>[];
      const properties = new Set([...propertyNames(schemas[PEER_SCHEMAS[provider]]), ...COMMON_PEER_PROPERTIES]);
      assertTable(table, properties, 'AtlasNetworkPeering');
      const mapped = new Set<string>(table.map((m) => m.api));
      for (const json of seedJson('peers', provider)) {
        for (const key of Object.keys(json)) {
          assert.ok(mapped.has(key), `${provider} peer field ${key} has no mapping`);
        }
      }
    });

    it(`${provider} container fields are API fields and CRD paths, and cover every field the seed returns`, () => {
      const table = CONTAINER_FIELDS[provider] as readonly FieldMapping<unknown>[];
      const properties = propertyNames(schemas[CONTAINER_SCHEMAS[provider]]);
      assertTable(table, properties, 'AtlasNetworkContainer');
      assertTable(
        PEER_ARGUMENTS_FROM_CONTAINER[provider] as readonly FieldMapping<unknown>[],
        properties,
        'AtlasNetworkContainer',
      );
      const mapped = new Set<string>(table.map((m) => m.api));
      for (const json of seedJson('containers', provider)) {
        for (const key of Object.keys(json)) {
          assert.ok(mapped.has(key), `${provider} container field ${key} has no mapping`);
        }
      }
    });
  }

  it('names the operator status fields as the CRD spells them (vNetName, azureSubscriptionIDpcId)', () => {
    assert.equal(PEER_FIELDS.AZURE.find((m) => m.api === 'vnetName')?.operator, 'spec.azureConfiguration.vNetName');
    assert.equal(
      CONTAINER_FIELDS.AZURE.find((m) => m.api === 'azureSubscriptionId')?.operator,
      'status.azureStatus.azureSubscriptionIDpcId',
    );
  });
});
