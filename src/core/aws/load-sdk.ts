// Loads the AWS SDK adapter on first use: dist/aws.js next to the bundle, or ./sdk when running from source.
import * as path from 'node:path';
import type { LoadSdk } from './types';

declare const __BUNDLED__: boolean | undefined;

let cached: ReturnType<LoadSdk> | undefined;

export const loadSdk: LoadSdk = () => {
  if (!cached) {
    // A computed path keeps esbuild from inlining the SDK into the bundle that loads it.
    cached = typeof __BUNDLED__ !== 'undefined' ? (require(path.join(__dirname, 'aws.js')) as ReturnType<LoadSdk>) : (require('./sdk') as ReturnType<LoadSdk>);
  }
  return cached;
};
