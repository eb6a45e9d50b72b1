// Types for scripts/build-iam-catalog.mjs, so tests and benchmarks can build the catalog on the fly.
export declare function buildIamCatalog(outDir: string): string;
