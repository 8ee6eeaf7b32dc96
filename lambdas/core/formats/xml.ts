import { type Element as XmlJsElement, xml2js } from 'xml-js';
import { escapeXmlAttr, escapeXmlText } from '../content/xml-escape.js';

/** A node of the small XML tree the renderers edit: an element or a text string. */
export type XmlNode = XmlElement | string;

/**
 * An element with its qualified name (`media:content`), attributes in document order and
 * children. Strings are raw text; escaping happens only in `serializeXml`, so no value in the
 * tree is ever pre-escaped or double-escaped.
 */
export interface XmlElement {
  readonly name: string;
  readonly attrs: Record<string, string>;
  children: XmlNode[];
}

/** An `<?xml-stylesheet?>` instruction, written before the root element. */
export interface XmlStylesheet {
  readonly type: 'text/xsl' | 'text/css';
  readonly href: string;
}

/** Builds an element; `undefined` attributes and children are left out. */
export function el(
  name: string,
  attrs: Readonly<Record<string, string | number | undefined>> = {},
  children: readonly (XmlNode | undefined)[] = [],
): XmlElement {
  const kept: Record<string, string> = {};
  for (const [key, value] of Object.entries(attrs)) {
    if (value !== undefined) kept[key] = String(value);
  }
  return { name, attrs: kept, children: children.filter((c) => c !== undefined) };
}

/**
 * Writes a whole document: declaration, stylesheet processing instructions, then the tree,
 * indented. Every text node and attribute passes through the escapers above, and names come
 * only from code or from feed@6's fixed vocabulary, so the output is well-formed for any
 * strings in the tree.
 */
export function serializeXml(root: XmlElement, stylesheets: readonly XmlStylesheet[] = []): string {
  const out = ['<?xml version="1.0" encoding="utf-8"?>'];
  for (const sheet of stylesheets) {
    out.push(`<?xml-stylesheet type="${sheet.type}" href="${escapeXmlAttr(sheet.href)}"?>`);
  }
  writeElement(root, '', out);
  return `${out.join('\n')}\n`;
}

/** One element as `serializeXml` writes it at `indent` inside a document (no final newline). */
export function serializeElement(node: XmlElement, indent: string): string {
  const lines: string[] = [];
  writeElement(node, indent, lines);
  return lines.join('\n');
}

function writeElement(node: XmlElement, indent: string, out: string[]): void {
  const attrs = Object.entries(node.attrs)
    .map(([key, value]) => ` ${key}="${escapeXmlAttr(value)}"`)
    .join('');
  const open = `${indent}<${node.name}${attrs}`;
  if (node.children.length === 0) {
    out.push(`${open}/>`);
  } else if (node.children.some((child) => typeof child === 'string')) {
    out.push(`${open}>${node.children.map(inline).join('')}</${node.name}>`);
  } else {
    out.push(`${open}>`);
    for (const child of node.children) writeElement(child as XmlElement, `${indent}  `, out);
    out.push(`${indent}</${node.name}>`);
  }
}

function inline(node: XmlNode): string {
  if (typeof node === 'string') return escapeXmlText(node);
  const lines: string[] = [];
  writeElement(node, '', lines);
  return lines.join('');
}

/**
 * Parses a document into the tree, keeping only its root element. CDATA becomes plain text
 * (escaped again on output) and whitespace-only text is dropped: this is for element-only
 * documents such as feed@6's skeletons, never for mixed content. The parser is xml-js, the one
 * feed@6 itself writes with, so a bundle that renders feeds carries no second XML library.
 */
export function parseXml(xml: string): XmlElement {
  const document = xml2js(xml, { compact: false }) as XmlJsElement;
  const root = document.elements?.find((n) => n.type === 'element');
  if (!root) throw new Error('the document has no root element');
  return toElement(root);
}

function toElement(node: XmlJsElement): XmlElement {
  const attrs: Record<string, string> = {};
  for (const [name, value] of Object.entries(node.attributes ?? {})) attrs[name] = String(value);
  const children: XmlNode[] = [];
  for (const child of node.elements ?? []) {
    if (child.type === 'element') children.push(toElement(child));
    else {
      const data = child.type === 'text' ? child.text : child.type === 'cdata' ? child.cdata : '';
      if (data !== undefined && String(data).trim()) children.push(String(data));
    }
  }
  return { name: String(node.name), attrs, children };
}

/** The element children of `node` named `name`, in order. */
export function childrenNamed(node: XmlElement, name: string): XmlElement[] {
  return node.children.filter((c): c is XmlElement => typeof c !== 'string' && c.name === name);
}

/** The first child named `name`; throws if missing, since skeleton shapes are fixed. */
export function childNamed(node: XmlElement, name: string): XmlElement {
  const found = childrenNamed(node, name)[0];
  if (!found) throw new Error(`<${node.name}> has no <${name}>`);
  return found;
}

/** Replaces an element's content with one text node. */
export function setText(node: XmlElement, text: string): void {
  node.children = [text];
}

/** Removes the children of `node` that match `predicate`. */
export function removeChildren(node: XmlElement, predicate: (child: XmlElement) => boolean): void {
  node.children = node.children.filter((c) => typeof c === 'string' || !predicate(c));
}
