/**
 * The JSON Schema of the diffusers spec form, generated from the zod schemas in spec.ts and
 * shipped as compiler/diffusers/diffusers.schema.json, so an editor completes and checks a spec
 * that names it (`kiln import` writes specs without `$schema`; add it by hand if you like).
 * Cross-field rules (groups dividing channels, halvable sizes, a context for transformers) are
 * Kiln's own (spec.ts). test/diffusers/import.test.ts proves the committed file is current;
 * rewrite it with:
 *   npx tsx compiler/diffusers/json-schema.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { DiffusersSpecSchema } from './spec.js';

export const DIFFUSERS_SCHEMA_FILE = fileURLToPath(
  new URL('./diffusers.schema.json', import.meta.url),
);

export function diffusersJsonSchemaText(): string {
  const generated = z.toJSONSchema(DiffusersSpecSchema, {
    io: 'input',
    target: 'draft-2020-12',
  }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  const schema = {
    $schema,
    title: 'Kiln spec, diffusers form',
    description:
      'A diffusers UNet2DModel / UNet2DConditionModel for Kiln, as `kiln import` writes it from a config.json: every derived quantity resolved (see docs/diffusers-architecture.md).',
    ...rest,
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(DIFFUSERS_SCHEMA_FILE, diffusersJsonSchemaText());
  console.log(`wrote ${DIFFUSERS_SCHEMA_FILE}`);
}
