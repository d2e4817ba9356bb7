// Types for prebuilt.mjs (plain JavaScript, so that src/bin.mjs can load it before tsx).
export declare const ROOT: string;
export declare const BUILT: string;
export declare const SOURCES: readonly string[];
export declare function newest(dir: string): number;
export declare function builtIsFresh(): boolean;
