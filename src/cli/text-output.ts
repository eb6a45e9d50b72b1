// Makes names from files and the command line safe for one-line text output: a newline or escape in a file name cannot forge or hide lines.

/** Control characters (newline, carriage return, tab, escape, …) as visible escapes: `a\nb` → `a\\nb`. */
export function escapeForText(s: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point: they are what gets escaped.
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\\]/g, (c) => {
    switch (c) {
      case '\\':
        // eslint-disable-next-line no-control-regex -- as above: does the text hold a control character?
        return /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(s) ? '\\\\' : '\\';
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      default:
        return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
    }
  });
}
