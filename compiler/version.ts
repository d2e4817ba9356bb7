/** Written into every manifest and generated file (the bundle format is runtime/format/manifest.ts). */
export const KILN_VERSION = '0.1.0';
