// Text as XML 1.0 writes it (KML, GPX, RDF/XML, RSS): in an element or an attribute value.

/** XML 1.0 has no way to write these characters at all: they become U+FFFD. */
function xmlChars(value: string): string {
  return value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/** Text or attribute value; a carriage return as a reference, or the parser would make it a newline. */
export function xmlEscape(value: string): string {
  return xmlChars(value).replace(/[&<>"'\r]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;' })[c] ?? c);
}
