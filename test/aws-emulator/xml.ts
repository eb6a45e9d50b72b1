// Builds Query-protocol XML responses: a tiny element tree serialised with escaping, no templates.

export const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';
export const IAM_NS = 'https://iam.amazonaws.com/doc/2010-05-08/';

/** An element's content: text, nested elements (in order), or a list rendered as `<member>` children. */
export type XmlValue = string | number | boolean | Date | undefined | XmlObject | XmlList;
export interface XmlObject {
  [name: string]: XmlValue;
}
export class XmlList {
  constructor(readonly items: XmlValue[]) {}
}
export const list = (items: XmlValue[]) => new XmlList(items);

export function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

export function isoDate(d: Date): string {
  // AWS prints whole seconds in most Query responses.
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function render(value: XmlValue): string {
  if (value === undefined) return '';
  if (value instanceof Date) return isoDate(value);
  if (value instanceof XmlList) return value.items.map((v) => `<member>${render(v)}</member>`).join('');
  if (typeof value === 'object') {
    return Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `<${k}>${render(v)}</${k}>`)
      .join('');
  }
  return escapeXml(String(value));
}

export function successXml(ns: string, action: string, result: XmlObject | undefined, requestId: string): string {
  const body = result === undefined ? '' : `<${action}Result>${render(result)}</${action}Result>`;
  return `<${action}Response xmlns="${ns}">${body}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
}

export function errorXml(ns: string, type: string, code: string, message: string, requestId: string): string {
  return `<ErrorResponse xmlns="${ns}"><Error><Type>${type}</Type><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
}
