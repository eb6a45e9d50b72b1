// Streams a log file from disk into the event extraction through one reused buffer (the CLI's path).
import { open } from 'node:fs/promises';
import { scanLogStream, type LogScanResult, type StreamOptions } from './stream';
import type { LogEvent } from './model';

/**
 * Reading is a small part of the cost only when no chunk is allocated: a fresh 1 MB Buffer per
 * chunk (what `fs.createReadStream` does) took 327 ms of a 200 MB scan, reads into one reused
 * buffer 30 ms. The scanner copies each chunk before the next read, so reuse is safe.
 */
const READ_BYTES = 1 << 20;

export async function scanLogFile(
  file: string,
  options: StreamOptions & { onEvent?(event: LogEvent): void; onProgress?(bytes: number): void; signal?: AbortSignal } = {},
): Promise<LogScanResult> {
  const handle = await open(file, 'r');
  try {
    return await scanLogStream(chunks(), options);
  } finally {
    await handle.close();
  }

  async function* chunks(): AsyncGenerator<Uint8Array> {
    const buf = new Uint8Array(READ_BYTES);
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, buf.length, null);
      if (bytesRead === 0) return;
      yield buf.subarray(0, bytesRead);
    }
  }
}
