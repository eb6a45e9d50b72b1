// Entry of dist/ajv.js: the JSON Schema validator, bundled apart so loading the extension never compiles it.
export { default as Ajv } from 'ajv';
