import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFString, type PDFObject } from 'pdf-lib';
import { readEInvoiceTree, type EInvoice, type EInvoiceProblem, type XmlElement } from '../../core/einvoice/einvoice.js';

/** A PDF is kept as the invoice's document: as large as an invoice PDF may be. */
export const EINVOICE_PDF_MAX_BYTES = 10 * 1024 * 1024;
/** Far above any real invoice, even with thousands of lines. */
export const EINVOICE_XML_MAX_BYTES = 20 * 1024 * 1024;

/** Why a file cannot be imported, where in it, and as a code an interface can word. */
export interface EInvoiceFileProblem {
  message: string;
  code: 'not_an_einvoice' | 'malformed_xml' | 'xml_doctype_refused' | 'einvoice_file_too_large' | 'pdf_without_einvoice' | EInvoiceProblem['code'];
  /** The element at fault, as a path from the root. */
  path?: string;
  line?: number;
  column?: number;
  value?: string;
}

export type EInvoiceFileReading =
  | { invoice: EInvoice; /** The PDF the XML came from, kept as the invoice's document. */ pdf: Uint8Array | null; embeddedName: string | null }
  | { problems: EInvoiceFileProblem[] };

// The names Factur-X, ZUGFeRD 1 and 2 and XRechnung give the XML they embed in the PDF/A-3.
const EMBEDDED_NAMES = ['factur-x.xml', 'zugferd-invoice.xml', 'ZUGFeRD-invoice.xml', 'xrechnung.xml', 'order-x.xml'];

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * The five entities every XML parser knows, and character references. The parser is told to
 * expand none: a file's own entity declarations are refused before it is parsed.
 */
function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]{1,8}|#[0-9]{1,10}|[a-z]+);/g, (whole, body: string) => {
    if (!body.startsWith('#')) return PREDEFINED[body] ?? whole;
    const code = body.startsWith('#x') ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
    // Only the characters XML allows: a reference to NUL or to half a surrogate pair stays as written.
    const allowed = code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
    return allowed ? String.fromCodePoint(code) : whole;
  });
}

type RawNode = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  attributesGroupName: '@',
  removeNSPrefix: true,
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  alwaysCreateTextNode: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Every element is a list, one or many: the reader never guesses which.
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
});

class ParsedElement implements XmlElement {
  constructor(
    readonly name: string,
    readonly path: string,
    private readonly node: RawNode,
  ) {}

  text(): string {
    const text = this.node['#text'];
    return typeof text === 'string' ? decodeEntities(text).trim() : '';
  }

  attr(name: string): string | null {
    const attributes = this.node['@'] as Record<string, unknown> | undefined;
    const value = attributes?.[name];
    return typeof value === 'string' ? decodeEntities(value) : null;
  }

  children(name: string): XmlElement[] {
    const list = this.node[name];
    if (!Array.isArray(list)) return [];
    return list.map((child, index) => new ParsedElement(name, list.length > 1 ? `${this.path}/${name}[${index + 1}]` : `${this.path}/${name}`, (child ?? {}) as RawNode));
  }
}

/** The line and column of a character offset, counted from 1. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** Parses an e-invoice's XML and reads it; refuses anything that is not well-formed or declares a document type. */
export function readEInvoiceXml(bytes: Uint8Array): EInvoiceFileReading {
  if (bytes.length > EINVOICE_XML_MAX_BYTES) {
    return { problems: [{ code: 'einvoice_file_too_large', message: `the file is larger than ${EINVOICE_XML_MAX_BYTES / 1024 / 1024} MB, more than any invoice` }] };
  }
  const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
  // An invoice never declares a document type; one that does may declare entities that expand
  // into gigabytes (the "billion laughs"). Refused before any parsing.
  const doctype = /<!DOCTYPE|<!ENTITY/i.exec(text);
  if (doctype) {
    return {
      problems: [
        {
          code: 'xml_doctype_refused',
          ...lineAndColumn(text, doctype.index),
          message: 'the file declares a document type or entities (<!DOCTYPE>), which no e-invoice does: it is refused unread',
        },
      ],
    };
  }
  // XML 1.0 allows no NUL character anywhere, and no database column could keep one.
  const nul = text.indexOf('\u0000');
  if (nul >= 0) return { problems: [{ code: 'malformed_xml', ...lineAndColumn(text, nul), message: 'the XML is not well formed: it holds a NUL character' }] };
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (valid !== true) {
    return { problems: [{ code: 'malformed_xml', line: valid.err.line, column: valid.err.col, message: `the XML is not well formed: ${valid.err.msg}` }] };
  }
  let parsed: Record<string, unknown>;
  try {
    parsed = parser.parse(text) as Record<string, unknown>;
  } catch (error) {
    // What the validator lets through and the parser still stumbles on (a processing instruction cut short…).
    return { problems: [{ code: 'malformed_xml', message: `the XML is not well formed: ${error instanceof Error ? error.message : String(error)}` }] };
  }
  const rootName = Object.keys(parsed).find((key) => Array.isArray(parsed[key]));
  if (rootName === undefined) return { problems: [{ code: 'not_an_einvoice', message: 'the file holds no XML element' }] };
  const root = new ParsedElement(rootName, `/${rootName}`, ((parsed[rootName] as unknown[])[0] ?? {}) as RawNode);
  const reading = readEInvoiceTree(root);
  if ('problems' in reading) {
    const known = reading.problems.some((p) => p.path === `/${rootName}` && p.code === 'einvoice_missing_element');
    if (known) return { problems: [{ code: 'not_an_einvoice', path: `/${rootName}`, message: reading.problems[0]!.message, value: rootName }] };
    return { problems: reading.problems.map((p) => ({ ...p })) };
  }
  return { invoice: reading.invoice, pdf: null, embeddedName: null };
}

function nameOf(object: PDFObject | undefined): string | null {
  if (object instanceof PDFString || object instanceof PDFHexString) return object.decodeText();
  return null;
}

/** The embedded files of a PDF by name, from the document's EmbeddedFiles name tree. */
function embeddedFiles(document: PDFDocument): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const names = document.catalog.lookupMaybe(PDFName.of('Names'), PDFDict);
  const tree = names?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict);
  const visit = (node: PDFDict, depth: number) => {
    if (depth > 16) return;
    const pairs = node.lookupMaybe(PDFName.of('Names'), PDFArray);
    for (let i = 0; pairs && i + 1 < pairs.size(); i += 2) {
      const spec = pairs.lookupMaybe(i + 1, PDFDict);
      const name = nameOf(spec?.lookup(PDFName.of('UF'))) ?? nameOf(spec?.lookup(PDFName.of('F'))) ?? nameOf(pairs.lookup(i));
      const stream = spec?.lookupMaybe(PDFName.of('EF'), PDFDict)?.lookup(PDFName.of('F'));
      if (name !== null && stream instanceof PDFRawStream) files.set(name, decodePDFRawStream(stream).decode());
    }
    const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
    for (let i = 0; kids && i < kids.size(); i += 1) {
      const kid = kids.lookupMaybe(i, PDFDict);
      if (kid) visit(kid, depth + 1);
    }
  };
  if (tree) visit(tree, 0);
  return files;
}

/** Reads the Factur-X or ZUGFeRD XML a PDF/A-3 invoice carries; the PDF itself is kept with it. */
export async function readEInvoicePdf(bytes: Uint8Array): Promise<EInvoiceFileReading> {
  if (bytes.length > EINVOICE_PDF_MAX_BYTES) {
    return { problems: [{ code: 'einvoice_file_too_large', message: `the PDF is larger than ${EINVOICE_PDF_MAX_BYTES / 1024 / 1024} MB, the most an invoice's document may be` }] };
  }
  let files: Map<string, Uint8Array>;
  try {
    // A damaged compressed stream fails only when the attachment is decoded: that too is a PDF that cannot be read.
    files = embeddedFiles(await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: false }));
  } catch (error) {
    return { problems: [{ code: 'pdf_without_einvoice', message: `the PDF cannot be read: ${error instanceof Error ? error.message : String(error)}` }] };
  }
  const name = EMBEDDED_NAMES.find((n) => files.has(n)) ?? [...files.keys()].find((n) => n.toLowerCase().endsWith('.xml'));
  if (name === undefined) {
    return { problems: [{ code: 'pdf_without_einvoice', message: 'the PDF carries no Factur-X or ZUGFeRD invoice (no factur-x.xml or zugferd-invoice.xml attached)' }] };
  }
  const reading = readEInvoiceXml(files.get(name)!);
  if ('problems' in reading) return { problems: reading.problems.map((p) => ({ ...p, path: p.path === undefined ? undefined : `${name}${p.path}` }) as EInvoiceFileProblem) };
  return { invoice: reading.invoice, pdf: bytes, embeddedName: name };
}

/** Whether the bytes are a PDF: bank portals and mail clients often drop the file's extension. */
export function isPdf(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, 1024)).includes('%PDF-');
}

/**
 * Reads an e-invoice recognised by its content: a PDF carrying one, or the XML on its own. A
 * file that breaks a library in a way not foreseen is still only a file refused, never a crash.
 */
export async function readEInvoiceFile(bytes: Uint8Array): Promise<EInvoiceFileReading> {
  try {
    return await recogniseAndRead(bytes);
  } catch (error) {
    return { problems: [{ code: 'not_an_einvoice', message: `the file cannot be read as an e-invoice: ${error instanceof Error ? error.message : String(error)}` }] };
  }
}

async function recogniseAndRead(bytes: Uint8Array): Promise<EInvoiceFileReading> {
  if (bytes.length === 0) return { problems: [{ code: 'not_an_einvoice', message: 'the file is empty' }] };
  if (isPdf(bytes)) return readEInvoicePdf(bytes);
  const head = new TextDecoder('utf-8').decode(bytes.subarray(0, 4096)).replace(/^\uFEFF/, '').trimStart();
  if (!head.startsWith('<')) return { problems: [{ code: 'not_an_einvoice', message: 'the file is neither XML nor a PDF: it is no e-invoice' }] };
  return readEInvoiceXml(bytes);
}
