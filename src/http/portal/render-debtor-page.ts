import { moneyFromJson, type MoneyJson } from '../../core/money.js';
import { addDays, daysBetween, type PlainDate } from '../../core/plain-date.js';
import { formatDateForLanguage, formatMoneyForLanguage } from '../../core/templates/format-for-language.js';
import type { DebtorInvoiceJson, DebtorPageJson } from '../../app/portal/load-debtor-page.js';
import { PORTAL_CSRF_FIELD } from './csrf.js';
import { DEBTOR_PAGE_STYLE } from './debtor-page-style.js';
import { html, SafeHtml } from './html.js';
import { PORTAL_LANGUAGES, type PortalLanguage } from './portal-pages.js';
import { LANGUAGE_NAMES, PORTAL_WORDS } from './words/index.js';
import { DISPUTE_REASONS, PORTAL_ACTIONS, type PortalAction, type PortalWords } from './words/portal-words.js';

/** One of the customer's requests and the creditor's answer, as the page lists them. */
export interface ConversationItem {
  kind: keyof PortalWords['requestKinds'];
  status: keyof PortalWords['requestStatuses'];
  asked_on: string;
  message: string | null;
  invoice_numbers: readonly string[];
  answer: string | null;
  answered_on: string | null;
  schedule: readonly { due_date: string; amount: MoneyJson }[] | null;
}

/** What the page says at its top after a form was sent. */
export type PageNotice = { done: PortalAction } | { refused: PortalAction; why: keyof PortalWords['refusals'] } | null;

export interface DebtorPageView {
  page: DebtorPageJson;
  language: PortalLanguage;
  /** The page's own path, /p/<token>. */
  base: string;
  csrfToken: string;
  notice: PageNotice;
  requests: readonly ConversationItem[];
  /** The last day a promise may name. */
  promiseLastDay: PlainDate;
}

/** The page's links keep the language chosen. */
function withLanguage(url: string, language: PortalLanguage): string {
  return `${url}${url.includes('?') ? '&' : '?'}lang=${language}`;
}

function statusOf(invoice: DebtorInvoiceJson, asOf: PlainDate, words: PortalWords): SafeHtml {
  if (invoice.days_overdue > 0) return html`<span class="late">${words.daysLate(invoice.days_overdue)}</span>`;
  const until = daysBetween(asOf, invoice.due_date);
  return html`${until === 0 ? words.dueToday : words.dueIn(until)}`;
}

function invoiceCard(invoice: DebtorInvoiceJson, view: DebtorPageView, words: PortalWords): SafeHtml {
  const { language } = view;
  const money = (json: MoneyJson) => formatMoneyForLanguage(moneyFromJson(json, 'amount').minor, json.currency, language);
  const date = (value: PlainDate) => formatDateForLanguage(value, language);
  const headingId = `invoice-${invoice.id}`;
  return html`<li class="invoice"><article aria-labelledby="${headingId}">
<h3 id="${headingId}">${words.invoiceHeading(invoice.number)}</h3>
<dl class="facts">
<dt>${words.amountOpen}</dt><dd><strong>${money(invoice.open)}</strong></dd>
<dt>${words.status}</dt><dd>${statusOf(invoice, view.page.as_of, words)}</dd>
<dt>${words.dueOn}</dt><dd>${date(invoice.due_date)}</dd>
<dt>${words.issuedOn}</dt><dd>${date(invoice.issue_date)}</dd>
<dt>${words.invoiceAmount}</dt><dd>${money(invoice.amount)}</dd>
${invoice.payment_reference ? html`<dt>${words.paymentReference}</dt><dd><code>${invoice.payment_reference}</code></dd>` : ''}
</dl>
<p class="links">${invoice.document_url ? html`<a href="${invoice.document_url}" download>${words.downloadInvoice(invoice.number)}</a>` : ''}${
    invoice.payment_link ? html`<a href="${invoice.payment_link}" rel="noopener noreferrer">${words.payInvoiceOnline(invoice.number)}</a>` : ''
  }</p>
${
  invoice.qr_code_url
    ? html`<details><summary>${words.qrForInvoice(invoice.number)}</summary><img class="qr" src="${invoice.qr_code_url}" alt="${words.qrAlt(money(invoice.open))}" width="192" height="192" loading="lazy"></details>`
    : ''
}
</article></li>`;
}

function summary(view: DebtorPageView, words: PortalWords): SafeHtml {
  const { page, language } = view;
  const money = (json: MoneyJson) => formatMoneyForLanguage(moneyFromJson(json, 'amount').minor, json.currency, language);
  // A balance at zero or in the customer's favour leaves nothing to pay: the page thanks it rather than print a negative total.
  const owing = page.balances.filter((balance) => moneyFromJson(balance.balance, 'balance').minor > 0);
  return html`<section aria-labelledby="summary-heading"><h2 id="summary-heading">${words.summaryHeading}</h2>
${
  owing.length === 0
    ? html`<p>${words.nothingToPay}</p>`
    : owing.map(
        (balance) => html`<dl class="totals">
<div><dt>${words.totalToPay}</dt><dd class="big">${money(balance.balance)}</dd></div>
<div><dt>${words.overdue}</dt><dd>${money(balance.overdue)}</dd></div>
${moneyFromJson(balance.unapplied_credit, 'credit').minor !== 0 ? html`<div><dt>${words.creditDeducted}</dt><dd>${money(balance.unapplied_credit)}</dd></div>` : ''}
</dl>`,
      )
}
<p class="links"><a href="${withLanguage(page.statement_url, language)}">${words.statementLink}</a></p>
</section>`;
}

function howToPay(view: DebtorPageView, words: PortalWords): SafeHtml {
  const { page, language } = view;
  const money = (json: MoneyJson) => formatMoneyForLanguage(moneyFromJson(json, 'amount').minor, json.currency, language);
  const owing = page.balances.filter((balance) => moneyFromJson(balance.balance, 'balance').minor > 0);
  if (owing.length === 0) return html``;
  const bank = page.bank_account;
  return html`<section aria-labelledby="pay-heading"><h2 id="pay-heading">${words.howToPayHeading}</h2>
${
  bank
    ? html`<p>${words.howToPayIntro}</p>
<dl class="facts stacked">
<dt>${words.beneficiary}</dt><dd>${bank.beneficiary}</dd>
<dt>${words.iban}</dt><dd><code>${bank.iban}</code></dd>
${bank.bic ? html`<dt>${words.bic}</dt><dd><code>${bank.bic}</code></dd>` : ''}
${owing.map((balance) => html`<dt>${words.referenceForBalance}${owing.length > 1 ? ` (${balance.currency})` : ''}</dt><dd><code>${balance.reference}</code></dd>`)}
</dl>
<p class="hint">${words.referencePerInvoice}</p>
${owing.map((balance) =>
  balance.qr_code_url
    ? html`<p>${words.qrForBalance}</p><img class="qr" src="${balance.qr_code_url}" alt="${words.qrAlt(money(balance.balance))}" width="192" height="192">`
    : balance.currency !== 'EUR'
      ? html`<p class="hint">${words.qrNotPossible}</p>`
      : '',
)}`
    : html`<p>${words.noBankDetails(page.creditor.name)}</p>`
}
${owing.map((balance) => (balance.payment_link ? html`<p class="links"><a href="${balance.payment_link}" rel="noopener noreferrer">${words.payOnline}</a></p>` : ''))}
</section>`;
}

function requests(view: DebtorPageView, words: PortalWords): SafeHtml {
  if (view.requests.length === 0) return html``;
  const { language } = view;
  const date = (value: string) => formatDateForLanguage(value as PlainDate, language);
  const money = (json: MoneyJson) => formatMoneyForLanguage(moneyFromJson(json, 'amount').minor, json.currency, language);
  return html`<section aria-labelledby="requests-heading"><h2 id="requests-heading">${words.requestsHeading}</h2><ul class="requests">
${view.requests.map(
  (request) => html`<li><h3>${words.requestKinds[request.kind]}${request.invoice_numbers.length > 0 ? ` · ${request.invoice_numbers.join(', ')}` : ''}</h3>
<p class="muted">${words.sentOn(date(request.asked_on))} · ${words.requestStatuses[request.status]}</p>
${request.message ? html`<p class="said">${request.message}</p>` : ''}
${
  request.schedule && request.schedule.length > 0
    ? html`<p>${words.planSchedule}</p><ul>${request.schedule.map((line) => html`<li>${words.instalmentLine(date(line.due_date), money(line.amount))}</li>`)}</ul>`
    : ''
}
${request.answer ? html`<p class="muted">${words.answerOf(view.page.creditor.name)}${request.answered_on ? ` · ${date(request.answered_on)}` : ''}</p><p class="answer">${request.answer}</p>` : ''}
</li>`,
)}
</ul></section>`;
}

function invoiceChoices(view: DebtorPageView, words: PortalWords, action: PortalAction): SafeHtml {
  const invoices = view.page.invoices.filter((invoice) => moneyFromJson(invoice.open, 'open').minor > 0);
  if (invoices.length === 0) return html``;
  return html`<fieldset><legend>${words.invoicesConcerned}</legend><p class="hint" id="${action}-invoices-hint">${words.invoicesHint}</p>
${invoices.map((invoice) => html`<label><input type="checkbox" name="invoice_ids" value="${invoice.id}" aria-describedby="${action}-invoices-hint"> ${invoice.number}</label>`)}</fieldset>`;
}

function invoiceSelect(view: DebtorPageView, words: PortalWords, id: string, label: string, optional: boolean): SafeHtml {
  return html`<label for="${id}">${label}</label><select id="${id}" name="invoice_id"${optional ? '' : ' required'}>
${optional ? html`<option value="">${words.noInvoiceInParticular}</option>` : ''}
${view.page.invoices.map((invoice) => html`<option value="${invoice.id}">${invoice.number}</option>`)}</select>`;
}

function form(view: DebtorPageView, words: PortalWords, action: PortalAction, fields: SafeHtml, files: boolean): SafeHtml {
  const open = view.notice && 'refused' in view.notice && view.notice.refused === action;
  return html`<details id="form-${action}"${open ? ' open' : ''}><summary>${words.forms[action]}</summary>
<form method="post" action="${withLanguage(`${view.base}/${action}`, view.language)}"${files ? ' enctype="multipart/form-data"' : ''}>
<input type="hidden" name="${PORTAL_CSRF_FIELD}" value="${view.csrfToken}"><input type="hidden" name="lang" value="${view.language}">
${fields}
<button type="submit">${words.send}</button>
</form></details>`;
}

function actions(view: DebtorPageView, words: PortalWords): SafeHtml {
  const asOf = view.page.as_of;
  const currency = view.page.balances[0]?.currency ?? view.page.invoices[0]?.open.currency ?? 'EUR';
  const hasInvoices = view.page.invoices.length > 0;
  const forms: SafeHtml[] = [];
  if (hasInvoices) {
    forms.push(
      form(
        view,
        words,
        'claims',
        html`<label for="claim-paid-on">${words.paidOn}</label><input id="claim-paid-on" name="paid_on" type="date" max="${asOf}" required>
<label for="claim-amount">${words.amountIn(currency)}</label><input id="claim-amount" name="amount" type="text" inputmode="decimal" autocomplete="off">
<label for="claim-reference">${words.transferReference}</label><input id="claim-reference" name="reference" type="text" maxlength="140">
${invoiceChoices(view, words, 'claims')}
<label for="claim-proof">${words.proof}</label><input id="claim-proof" name="proof" type="file" accept="application/pdf,image/png,image/jpeg" aria-describedby="claim-proof-hint"><p class="hint" id="claim-proof-hint">${words.fileHint}</p>`,
        true,
      ),
      form(
        view,
        words,
        'promises',
        html`<label for="promise-on">${words.promisedOn}</label><input id="promise-on" name="promised_on" type="date" min="${asOf}" max="${view.promiseLastDay}" required aria-describedby="promise-on-hint">
<p class="hint" id="promise-on-hint">${words.promiseHint(formatDateForLanguage(view.promiseLastDay, view.language))}</p>
${invoiceChoices(view, words, 'promises')}`,
        false,
      ),
      form(
        view,
        words,
        'plan-requests',
        html`<label for="plan-instalments">${words.instalments}</label><input id="plan-instalments" name="instalments" type="number" min="2" max="24" value="3" required aria-describedby="plan-instalments-hint">
<p class="hint" id="plan-instalments-hint">${words.instalmentsHint}</p>
<label for="plan-first-on">${words.firstOn}</label><input id="plan-first-on" name="first_on" type="date" min="${asOf}" value="${addDays(asOf, 7)}" required>
${invoiceChoices(view, words, 'plan-requests')}`,
        false,
      ),
      form(
        view,
        words,
        'disputes',
        html`${invoiceSelect(view, words, 'dispute-invoice', words.invoice, false)}
<label for="dispute-reason">${words.reason}</label><select id="dispute-reason" name="reason" required>${DISPUTE_REASONS.map((reason) => html`<option value="${reason}">${words.reasons[reason]}</option>`)}</select>
<label for="dispute-message">${words.message}</label><textarea id="dispute-message" name="message" maxlength="4000" required></textarea>
<label for="dispute-attachment">${words.attachment}</label><input id="dispute-attachment" name="attachment" type="file" accept="application/pdf,image/png,image/jpeg" aria-describedby="dispute-attachment-hint"><p class="hint" id="dispute-attachment-hint">${words.fileHint}</p>`,
        true,
      ),
    );
  }
  forms.push(
    form(
      view,
      words,
      'questions',
      html`<fieldset><legend>${words.questionKind}</legend>
<label><input type="radio" name="kind" value="question" checked> ${words.questionKinds.question}</label>
<label><input type="radio" name="kind" value="missing_document"> ${words.questionKinds.missing_document}</label></fieldset>
${hasInvoices ? invoiceSelect(view, words, 'question-invoice', words.aboutInvoice, true) : ''}
<label for="question-message">${words.message}</label><textarea id="question-message" name="message" maxlength="4000" required></textarea>
<label for="question-attachment">${words.attachment}</label><input id="question-attachment" name="attachment" type="file" accept="application/pdf,image/png,image/jpeg" aria-describedby="question-attachment-hint"><p class="hint" id="question-attachment-hint">${words.fileHint}</p>`,
      true,
    ),
    form(
      view,
      words,
      'contact',
      html`<label for="contact-name">${words.contactName}</label><input id="contact-name" name="name" type="text" autocomplete="name" maxlength="200">
<label for="contact-email">${words.contactEmail}</label><input id="contact-email" name="email" type="email" autocomplete="email" maxlength="254">
<label for="contact-phone">${words.contactPhone}</label><input id="contact-phone" name="phone" type="tel" autocomplete="tel" maxlength="40">`,
      false,
    ),
  );
  return html`<section aria-labelledby="actions-heading"><h2 id="actions-heading">${words.actionsHeading}</h2><p>${words.actionsIntro}</p>${forms}</section>`;
}

function notice(view: DebtorPageView, words: PortalWords): SafeHtml {
  const shown = view.notice;
  if (!shown) return html``;
  if ('done' in shown) return html`<div class="notice ok" role="status">${words.done[shown.done]}</div>`;
  return html`<div class="notice refused" role="alert">${words.refusedIntro(words.forms[shown.refused])} ${words.refusals[shown.why]} <a href="#form-${shown.refused}">${words.forms[shown.refused]}</a></div>`;
}

/** Whether a query's `done`/`refused` names an action and a reason the page can word. */
export function noticeOf(query: { done?: unknown; refused?: unknown; why?: unknown }): PageNotice {
  const isAction = (value: unknown): value is PortalAction => typeof value === 'string' && (PORTAL_ACTIONS as readonly string[]).includes(value);
  if (isAction(query.done)) return { done: query.done };
  if (isAction(query.refused)) {
    const why = typeof query.why === 'string' && query.why in PORTAL_WORDS.en.refusals ? (query.why as keyof PortalWords['refusals']) : 'invalid_field';
    return { refused: query.refused, why };
  }
  return null;
}

/** The whole debtor page, in one language, every value from the ledger or the debtor escaped. */
export function renderDebtorPage(view: DebtorPageView): string {
  const words = PORTAL_WORDS[view.language];
  const { page, language } = view;
  const here = (lang: PortalLanguage) => `${view.base}?lang=${lang}`;
  const body = html`<header><div class="brand">${page.creditor.logo_url ? html`<img src="${page.creditor.logo_url}" alt="${page.creditor.name}">` : html`<span>${page.creditor.name}</span>`}</div>
<nav aria-label="${words.languageLabel}"><ul>${PORTAL_LANGUAGES.map(
    (lang) => html`<li><a href="${here(lang)}" lang="${lang}" hreflang="${lang}"${lang === language ? html` aria-current="page"` : ''}>${LANGUAGE_NAMES[lang]}</a></li>`,
  )}</ul></nav></header>
<main>
<h1>${words.title(page.creditor.name)}</h1>
<p>${words.intro(page.customer.name, page.creditor.name)}</p>
<p class="muted">${words.customerNumber(page.customer.reference)} · ${words.asOf(formatDateForLanguage(page.as_of, language))}</p>
${notice(view, words)}
${summary(view, words)}
${
  page.invoices.length > 0
    ? html`<section aria-labelledby="invoices-heading"><h2 id="invoices-heading">${words.invoicesHeading}</h2><ul class="invoices">${page.invoices.map((invoice) => invoiceCard(invoice, view, words))}</ul></section>`
    : ''
}
${howToPay(view, words)}
${requests(view, words)}
${actions(view, words)}
</main>
<footer><p>${words.personalLink(page.customer.name)}</p><p>${page.creditor.legal_name}${page.creditor.address ? ` · ${page.creditor.address}` : ''}</p></footer>`;
  return `<!doctype html>\n<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${html`${words.title(page.creditor.name)}`}</title><style>${DEBTOR_PAGE_STYLE}</style></head><body>${body}</body></html>\n`;
}
