// Terraform variable files (.tfvars). They are HCL with top-level attributes only, which the
// Terraform scanner already reads by name (project_id = "...", peer_ids = [...]); this file names
// the format so that the index dispatches every format to a file of its own.

import type { Collector } from './references';
import { collectTerraform } from './terraform';

export function collectTfvars(text: string, out: Collector): void {
  collectTerraform(text, out);
}
