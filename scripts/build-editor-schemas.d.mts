// Types for the editor-schema build script.
export function toEditorSchema(node: unknown): unknown;
export function buildEditorSchemas(outDir: string, schemasDir?: string): void;
