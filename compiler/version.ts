/** Bumped with the bundle format; written into every manifest and generated file. */
export const KILN_VERSION = '0.1.0';
export const BUNDLE_FORMAT = 1;
