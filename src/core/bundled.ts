// Loads a module esbuild builds as its own file (dist/features.js, dist/ajv.js, dist/aws.js) on first use, so the
// bundle that needs it does not carry it: the one home of the `__BUNDLED__` trick.

declare const __BUNDLED__: boolean | undefined;

/** True inside the esbuild bundles (esbuild.mjs defines `__BUNDLED__`), false when running from source (tests, tsx). */
export const BUNDLED = typeof __BUNDLED__ !== 'undefined' && !!__BUNDLED__;

/**
 * Requires a chunk: `dist/<chunk>.js` next to the running bundle, or, from source, the module `source` relative to
 * `fromDir` (the caller's `__dirname`). The paths are computed, which keeps esbuild from inlining the chunk.
 */
export function requireChunk<T>(chunk: string, fromDir: string, source: string): T {
  return (BUNDLED ? require(`${__dirname}/${chunk}.js`) : require(`${fromDir}/${source}`)) as T;
}
