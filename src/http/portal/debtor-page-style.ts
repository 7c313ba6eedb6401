import { createHash } from 'node:crypto';

// Mobile first: one column, large tap targets; two columns for the invoices on wide screens.
// Colours keep a contrast of at least 4.5:1 on their background (WCAG 2.1 AA).
export const DEBTOR_PAGE_STYLE = [
  '*{box-sizing:border-box}',
  'body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1a1a1a;background:#f4f5f7;line-height:1.5;font-size:1rem}',
  'header,main,footer{max-width:60rem;margin:0 auto;padding:1rem}',
  'header{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.75rem}',
  '.brand{display:flex;align-items:center;gap:.75rem;font-weight:700;font-size:1.1rem}',
  '.brand img{max-height:3rem;max-width:10rem;height:auto;width:auto}',
  'nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem;margin:0;padding:0}',
  'nav a{display:inline-block;padding:.4rem .6rem;color:#0b4f94;border-radius:.25rem}',
  'nav a[aria-current]{background:#0b4f94;color:#fff;text-decoration:none}',
  'h1{font-size:1.5rem;line-height:1.25;margin:.5rem 0}',
  'h2{font-size:1.2rem;margin:0 0 .75rem}',
  'h3{font-size:1.05rem;margin:0 0 .5rem}',
  'section{background:#fff;border:1px solid #d3d7dd;border-radius:.5rem;padding:1rem;margin:1rem 0}',
  'a{color:#0b4f94}',
  'a:focus,button:focus,input:focus,select:focus,textarea:focus,summary:focus{outline:3px solid #b35900;outline-offset:2px}',
  '.muted{color:#4a4f57}',
  '.notice{border-radius:.5rem;padding:.75rem 1rem;margin:1rem 0;font-weight:600}',
  '.ok{background:#e6f4ea;border:1px solid #1e7a3c}',
  '.refused{background:#fdecea;border:1px solid #a3201a}',
  '.totals{display:grid;gap:.5rem;margin:0}',
  '.totals div{display:flex;justify-content:space-between;gap:1rem;border-bottom:1px solid #e4e7eb;padding:.25rem 0}',
  '.totals dt{font-weight:600}.totals dd{margin:0;font-variant-numeric:tabular-nums}',
  '.big{font-size:1.35rem;font-weight:700}',
  '.invoices{list-style:none;margin:0;padding:0;display:grid;gap:.75rem}',
  '.invoice{border:1px solid #d3d7dd;border-radius:.5rem;padding:.75rem}',
  '.facts{display:grid;grid-template-columns:auto 1fr;gap:.2rem .75rem;margin:0 0 .5rem}',
  '.facts dt{color:#4a4f57}.facts dd{margin:0;font-variant-numeric:tabular-nums}',
  // Bank details read label above value: an IBAN keeps its groups on one line on a phone.
  '.stacked{grid-template-columns:1fr;gap:0}.stacked dd{margin-bottom:.5rem}',
  '.late{color:#a3201a;font-weight:600}',
  'code{font-family:ui-monospace,Menlo,Consolas,monospace;background:#eef1f4;padding:.05rem .3rem;border-radius:.2rem;overflow-wrap:anywhere}',
  '.links{display:flex;flex-wrap:wrap;gap:.5rem 1rem;margin:.5rem 0}',
  '.qr{display:block;width:12rem;height:12rem;image-rendering:pixelated;margin:.5rem 0}',
  'details{border-top:1px solid #e4e7eb;padding:.5rem 0}',
  'summary{cursor:pointer;font-weight:600;padding:.4rem 0;color:#0b4f94}',
  'form{display:grid;gap:.35rem;max-width:32rem}',
  'label,legend{font-weight:600;margin-top:.5rem}',
  'fieldset{border:0;padding:0;margin:0}',
  'fieldset label{font-weight:400;display:flex;gap:.5rem;align-items:center;margin:.25rem 0}',
  'input,select,textarea{font:inherit;padding:.55rem;border:1px solid #6b7079;border-radius:.25rem;width:100%;background:#fff;color:#1a1a1a}',
  'input[type=checkbox],input[type=radio]{width:1.25rem;height:1.25rem}',
  'textarea{min-height:6rem}',
  '.hint{color:#4a4f57;font-size:.9rem;margin:0}',
  'button{font:inherit;font-weight:600;padding:.65rem 1.25rem;margin-top:.75rem;border:0;border-radius:.25rem;background:#0b4f94;color:#fff;cursor:pointer;justify-self:start}',
  '.requests{list-style:none;margin:0;padding:0;display:grid;gap:.75rem}',
  '.requests li{border-left:4px solid #0b4f94;padding:.25rem .75rem}',
  '.answer{background:#f4f5f7;border-radius:.25rem;padding:.5rem;margin:.25rem 0;white-space:pre-wrap}',
  '.said{white-space:pre-wrap;margin:.25rem 0}',
  'footer{font-size:.9rem;color:#4a4f57}',
  '@media (min-width:48rem){.invoices{grid-template-columns:1fr 1fr}h1{font-size:1.75rem}}',
].join('');

const STYLE_HASH = createHash('sha256').update(DEBTOR_PAGE_STYLE).digest('base64');

/**
 * What the debtor page may load: its one inline style (by its hash), images from Relance
 * itself (the logo, the QR codes), forms posted to Relance, and nothing else at all: no
 * script, no font, no frame, no third-party resource.
 */
export const DEBTOR_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${STYLE_HASH}'`,
  "img-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');
