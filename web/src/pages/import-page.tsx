import '../import-page.css';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { apiGet, apiPost, ApiError, withQuery } from '../api-client.js';
import type { Session } from '../api-types.js';
import { ErrorNotice, Loading } from '../components/status-message.js';
import { formatDateInWords, formatNumber } from '../format.js';
import { translateOptional, useI18n, type I18n } from '../i18n.js';
import type { MessageKey } from '../messages.js';
import { Link } from '../router.js';
import { useApi } from '../use-api.js';
import { useDocumentTitle } from '../use-document-title.js';
import { StatementLines, type StatementReportJson } from './import-statement-lines.js';

const KINDS = ['invoices', 'customers', 'credit-notes', 'payments', 'fec', 'einvoice', 'statement'] as const;
type Kind = (typeof KINDS)[number];
const TABLES = ['customers', 'contacts', 'invoices', 'credit_notes', 'payments', 'allocations'] as const;
type Table = (typeof TABLES)[number];
/** The table whose rows the file's lines become: the one "already there" counts. */
const MAIN_TABLE: Record<Kind, Table> = { customers: 'customers', invoices: 'invoices', 'credit-notes': 'credit_notes', payments: 'payments', fec: 'invoices', einvoice: 'invoices', statement: 'payments' };

interface Issue {
  file?: string;
  line?: number;
  column?: number;
  message: string;
  reason?: { code: string; field?: string; value?: string; expected?: number | string };
}

interface Counts {
  created: Record<Table, number>;
  updated: { customers: number };
  skipped: number;
}

interface Preview extends Counts {
  file: string;
  rows_read: number;
  can_import: boolean;
  warnings: Issue[];
  warnings_total: number;
  errors: Issue[];
  errors_total: number;
  columns: Array<{ field: string; header: string }>;
  rows: Array<{ line: number; values: string[] }>;
}

interface Report extends Counts {
  file: string;
  warnings: Issue[];
  warnings_total: number;
}

interface Job {
  id: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  phase: 'validate' | 'write';
  processed_rows: number;
  total_rows: number | null;
  percent: number;
  report: Report | null;
  error: { status: number; detail?: string; issues?: Issue[] } | null;
}

type Step =
  | { name: 'choose' }
  | { name: 'checking' }
  | { name: 'checked'; preview: Preview }
  | { name: 'importing'; preview: Preview; job: Job }
  | { name: 'done'; job: Job };

/** The server refuses form types from a browser: the file goes as bytes, whatever its extension. */
const asBytes = (file: File) => new Blob([file], { type: 'application/octet-stream' });

/**
 * Imports a file in three steps: a check that writes nothing (counts, the first rows as read,
 * every problem in words), the import itself in the background with its progress, then its
 * report. Administrators only.
 */
export function ImportPage() {
  const { t } = useI18n();
  useDocumentTitle(t('import.title'));
  const me = useApi<Session>('/api/me');
  const [kind, setKind] = useState<Kind>('invoices');
  const [file, setFile] = useState<File | null>(null);
  const [step, setStep] = useState<Step>({ name: 'choose' });
  const [failure, setFailure] = useState<Error | null>(null);
  const [missingFile, setMissingFile] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  // Stops reading the job's progress once the page is left.
  const polling = useRef(true);
  useEffect(() => {
    polling.current = true;
    return () => {
      polling.current = false;
    };
  }, []);

  if (me.state === 'failed') return <Page><ErrorNotice error={me.error} onRetry={me.reload} /></Page>;
  if (!me.data) return <Page><Loading /></Page>;
  if (me.data.user.role !== 'admin') {
    return (
      <Page>
        <p className="notice notice-info">{t('import.adminOnly')}</p>
      </Page>
    );
  }

  const query = (chosen: File) => withQuery('', { file_name: chosen.name });
  const reset = () => {
    setStep({ name: 'choose' });
    setFailure(null);
  };

  const check = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) {
      setMissingFile(true);
      return;
    }
    setFailure(null);
    setStep({ name: 'checking' });
    try {
      const preview = await apiPost<Preview>(`/api/import-previews/${kind}${query(file)}`, asBytes(file));
      setStep({ name: 'checked', preview });
    } catch (error) {
      setFailure(error instanceof Error ? error : new Error(String(error)));
      setStep({ name: 'choose' });
    }
  };

  const runImport = async (preview: Preview) => {
    if (!file) return;
    setFailure(null);
    try {
      let job = await apiPost<Job>(`/api/import-jobs/${kind}${query(file)}`, asBytes(file));
      setStep({ name: 'importing', preview, job });
      while (polling.current && (job.status === 'queued' || job.status === 'running')) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        job = await apiGet<Job>(`/api/import-jobs/${encodeURIComponent(job.id)}`);
        setStep({ name: 'importing', preview, job });
      }
      setStep({ name: 'done', job });
    } catch (error) {
      setFailure(error instanceof Error ? error : new Error(String(error)));
      setStep({ name: 'checked', preview });
    }
  };

  const busy = step.name === 'checking' || step.name === 'importing';
  return (
    <Page>
      <p className="import-intro">{t('import.intro')}</p>
      <form className="panel import-form" onSubmit={check}>
        <div className="field">
          <label htmlFor="import-kind">{t('import.kind')}</label>
          <select
            id="import-kind"
            value={kind}
            disabled={busy}
            onChange={(event) => {
              setKind(event.target.value as Kind);
              reset();
            }}
          >
            {KINDS.map((value) => (
              <option key={value} value={value}>
                {t(`import.kind.${value}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <span className="import-field-label" id="import-file-label">
            {t('import.file')}
          </span>
          <div className="import-file-picker">
            <label className="button button-secondary file-button">
              {t('import.chooseFile.button')}
              <input
                id="import-file"
                ref={fileInput}
                type="file"
                className="visually-hidden"
                aria-labelledby="import-file-label"
                aria-describedby="import-file-name"
                accept=".csv,.txt,.tsv,.fec,.xml,.pdf,.zip,text/csv,text/plain,text/xml,application/xml,application/pdf,application/zip"
                disabled={busy}
                onChange={(event) => {
                  setFile(event.target.files?.[0] ?? null);
                  setMissingFile(false);
                  reset();
                }}
              />
            </label>
            <span id="import-file-name" className="import-file-name">
              {file ? file.name : t('import.noFile')}
            </span>
          </div>
          <p className="field-help">{t(kind === 'einvoice' ? 'import.einvoice.fileHelp' : kind === 'statement' ? 'import.statement.fileHelp' : 'import.fileHelp')}</p>
          {missingFile ? <p className="field-error">{t('import.chooseFile')}</p> : null}
        </div>
        <button type="submit" className="button button-secondary" disabled={busy}>
          {step.name === 'checking' ? t('import.checking') : t('import.check')}
        </button>
      </form>
      {failure ? <ErrorNotice error={failure} /> : null}
      {step.name === 'checking' ? <Loading /> : null}
      {step.name === 'checked' || step.name === 'importing' ? (
        <PreviewPanel preview={step.preview} kind={kind} job={step.name === 'importing' ? step.job : null} onImport={() => void runImport(step.preview)} />
      ) : null}
      {step.name === 'done' ? (
        <Outcome
          job={step.job}
          kind={kind}
          onAnother={() => {
            setFile(null);
            if (fileInput.current) fileInput.current.value = '';
            reset();
          }}
        />
      ) : null}
    </Page>
  );
}

function Page({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  return (
    <main id="main" className="page import-page">
      <div className="page-heading">
        <h1>{t('import.title')}</h1>
      </div>
      {children}
    </main>
  );
}

function PreviewPanel({ preview, kind, job, onImport }: { preview: Preview; kind: Kind; job: Job | null; onImport(): void }) {
  const i18n = useI18n();
  const { t, tn, locale } = i18n;
  return (
    <section className="panel import-preview" aria-labelledby="import-preview-title" data-testid="import-preview">
      <h2 id="import-preview-title">{t('import.preview.title', { file: preview.file })}</h2>
      <p>{tn('import.preview.rowsRead', preview.rows_read)}</p>
      {preview.can_import ? (
        <>
          <p className="notice notice-info" role="status">
            {t('import.ready')}
          </p>
          <CountsTable title={t('import.counts.title')} counts={preview} kind={kind} />
        </>
      ) : (
        <div className="notice notice-error" role="alert" data-testid="import-errors">
          <p className="notice-title">{tn('import.errors.title', preview.errors_total)}</p>
          <IssueList issues={preview.errors} />
          <p id="import-blocked">{t('import.errors.blocked')}</p>
        </div>
      )}
      {preview.warnings_total > 0 ? (
        <div className="notice notice-warning">
          <p className="notice-title">{tn('import.warnings.title', preview.warnings_total)}</p>
          <IssueList issues={preview.warnings} />
        </div>
      ) : null}
      <h3>{t('import.preview.firstRows')}</h3>
      {preview.rows.length === 0 ? (
        <p className="muted">{t('import.preview.noRows')}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table import-rows" data-testid="import-rows">
            <thead>
              <tr>
                <th scope="col">{t('import.preview.line')}</th>
                {preview.columns.map((column) => (
                  <th scope="col" key={column.field}>
                    {column.header}
                    <span className="import-read-as">{t('import.preview.readAs', { field: fieldWords(column.field, i18n) })}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((row) => (
                <tr key={row.line}>
                  <td className="numeric">{formatNumber(row.line, locale)}</td>
                  {row.values.map((value, index) => (
                    <td key={preview.columns[index]?.field ?? index}>{value}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="import-actions">
        <button
          type="button"
          className="button button-primary"
          disabled={!preview.can_import || job !== null}
          aria-describedby={preview.can_import ? undefined : 'import-blocked'}
          onClick={onImport}
        >
          {t('import.run')}
        </button>
      </div>
      {job ? <JobProgress job={job} /> : null}
    </section>
  );
}

function JobProgress({ job }: { job: Job }) {
  const { t, tn, locale } = useI18n();
  const percent = formatNumber(job.percent, locale);
  const text =
    job.status === 'queued'
      ? t('import.progress.queued')
      : job.phase === 'write' && job.total_rows !== null
        ? tn('import.progress.writing', job.total_rows, { processed: formatNumber(job.processed_rows, locale), percent })
        : t('import.progress.checking', { percent });
  return (
    <div className="import-progress" data-testid="import-progress">
      <progress max={100} value={job.percent} aria-label={t('import.progress.label')} />
      <p role="status" aria-live="polite">
        {text}
      </p>
    </div>
  );
}

function Outcome({ job, kind, onAnother }: { job: Job; kind: Kind; onAnother(): void }) {
  const { t } = useI18n();
  const report = job.report;
  const again = (
    <button type="button" className="button button-secondary" onClick={onAnother}>
      {t('import.report.another')}
    </button>
  );
  if (job.status !== 'succeeded' || !report) {
    const issues = job.error?.issues ?? [];
    return (
      <section className="panel import-report" data-testid="import-report">
        <div className="notice notice-error" role="alert">
          <p className="notice-title">{t('import.failed.title')}</p>
          <p>{t('import.failed.text')}</p>
          {issues.length > 0 ? <IssueList issues={issues} /> : job.error ? <ErrorNotice error={new ApiError(job.error.status, job.error)} /> : null}
        </div>
        {again}
      </section>
    );
  }
  const changed = Object.values(report.created).some((n) => n > 0) || report.updated.customers > 0;
  return (
    <section className="panel import-report" aria-labelledby="import-report-title" data-testid="import-report">
      <h2 id="import-report-title">{t('import.report.title')}</h2>
      <p className="notice notice-info" role="status">
        {t(changed ? 'import.report.done' : 'import.report.nothingNew', { file: report.file })}
      </p>
      <progress max={100} value={100} aria-label={t('import.progress.label')} />
      <CountsTable title={t('import.counts.doneTitle')} counts={report} kind={kind} />
      {kind === 'statement' ? <StatementLines report={report as StatementReportJson} /> : null}
      <div className="import-actions">
        <Link to="/customers" className="button button-primary">
          {t('import.report.customers')}
        </Link>
        {again}
      </div>
    </section>
  );
}

function CountsTable({ title, counts, kind }: { title: string; counts: Counts; kind: Kind }) {
  const { t, locale } = useI18n();
  const main = MAIN_TABLE[kind];
  const rows = TABLES.filter((table) => table === main || counts.created[table] > 0 || (table === 'customers' && counts.updated.customers > 0));
  const cell = (n: number | null) => (n === null ? '—' : formatNumber(n, locale));
  return (
    <div data-testid="import-counts">
      <h3 className="import-counts-title">{title}</h3>
      <div className="table-scroll">
        <table className="data-table import-counts">
          <thead>
            <tr>
              <th scope="col">{t('import.counts.records')}</th>
              <th scope="col" className="numeric">{t('import.counts.new')}</th>
              <th scope="col" className="numeric">{t('import.counts.updated')}</th>
              <th scope="col" className="numeric">{t('import.counts.unchanged')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((table) => (
              <tr key={table}>
                <th scope="row">{t(`import.table.${table}`)}</th>
                <td className="numeric">{cell(counts.created[table])}</td>
                <td className="numeric">{cell(table === 'customers' ? counts.updated.customers : null)}</td>
                <td className="numeric">{cell(table === main ? counts.skipped : null)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function IssueList({ issues }: { issues: Issue[] }) {
  const i18n = useI18n();
  return (
    <ul className="import-issues">
      {issues.map((issue, index) => {
        const sentence = issueSentence(issue, i18n);
        return (
          <li key={index} lang={sentence.lang}>
            {sentence.text}
          </li>
        );
      })}
    </ul>
  );
}

/**
 * A field in words with its article: "the amount", « le montant ». A FEC problem names the
 * file's own column, which is said as it is written: "the EcritureDate column".
 */
function fieldWords(field: string | undefined, { t }: I18n): string {
  if (field === undefined) return t('import.field.other');
  return translateOptional(t, `import.field.${field}`, t('import.field.column', { name: field }));
}

/** Problems whose value and expected value are dates, said in words: "3 March 2025". */
const DATE_REASONS = new Set(['due_before_date']);

/**
 * "Line 3, column 34 of factures.csv: the amount ‘12,5O’ is not a number." A problem the
 * catalogue has no words for keeps the server's English sentence, marked as English.
 */
export function issueSentence(issue: Issue, i18n: I18n): { text: string; lang: string | undefined } {
  const { t, tn, language } = i18n;
  const reason = issue.reason;
  if (reason?.code === 'more_not_listed') return { text: tn('import.issue.more', Number(reason.value ?? 0)), lang: undefined };
  const key = `import.reason.${reason?.code ?? ''}`;
  const known = reason !== undefined && translateOptional(t, key, '') !== '';
  const problem = known
    ? t(key as MessageKey, { field: fieldWords(reason.field, i18n), ...reasonValues(reason, i18n) })
    : issue.message;
  const lang = known || language === 'en' ? undefined : 'en';
  const file = issue.file ?? '';
  const text =
    issue.line !== undefined && issue.column !== undefined
      ? t('import.issue.cell', { line: issue.line, column: issue.column, file, problem })
      : issue.line !== undefined
        ? t('import.issue.line', { line: issue.line, file, problem })
        : file
          ? t('import.issue.file', { file, problem })
          : problem;
  return { text: capitalize(text), lang };
}

function reasonValues(reason: NonNullable<Issue['reason']>, { locale }: I18n): { value: string; expected: string | number } {
  const value = reason.value ?? '';
  const expected = reason.expected ?? '';
  if (!DATE_REASONS.has(reason.code)) return { value, expected };
  return { value: formatDateInWords(value, locale), expected: formatDateInWords(String(expected), locale) };
}

function capitalize(text: string): string {
  return text ? text[0]!.toUpperCase() + text.slice(1) : text;
}
