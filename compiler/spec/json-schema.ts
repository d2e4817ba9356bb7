/**
 * The JSON Schema of a spec, generated from the zod schemas in schema.ts and shipped as
 * compiler/spec/spec.schema.json, so an editor completes and checks any spec that names it:
 *   { "$schema": "../compiler/spec/spec.schema.json", "name": ..., ... }
 * It covers structure, ranges and unknown keys; the cross-field rules (divisibility, spatial
 * halving) are Kiln's own (check.ts). test/spec/json-schema.test.ts proves the committed file is
 * current; rewrite it with:
 *   npx tsx compiler/spec/json-schema.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { SpecSchema } from './schema.js';

export const SCHEMA_FILE = fileURLToPath(new URL('./spec.schema.json', import.meta.url));

export function specJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(SpecSchema, { io: 'input', target: 'draft-2020-12' }) as Record<
    string,
    unknown
  >;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    title: 'Kiln spec',
    description:
      'A diffusion U-Net for Kiln: name, input shape, and either `unet` (the seed preset) or `blocks` (the general form). Cross-field rules (channels divisible by groups, heads dividing channels, spatial sizes halvable once per level) are checked by kiln itself.',
    ...rest,
    oneOf: [{ required: ['unet'] }, { required: ['blocks'] }],
  };
}

export const specJsonSchemaText = () => `${JSON.stringify(specJsonSchema(), null, 2)}\n`;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(SCHEMA_FILE, specJsonSchemaText());
  console.log(`wrote ${SCHEMA_FILE}`);
}
