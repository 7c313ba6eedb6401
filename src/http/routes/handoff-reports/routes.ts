import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { todayIn, type PlainDate } from '../../../core/plain-date.js';
import type { Db } from '../../../adapters/db/database.js';
import { ownerScope } from '../../../app/auth/caller.js';
import { requireAgencyOrganization } from '../../../app/mandates/agency-case-access.js';
import { getAgencyPortfolio } from '../../../app/reports/agency-portfolio.js';
import { agencyPortfolioCsv, handoffReportCsv, REPORT_LANGUAGES, reportLanguageOf, type ReportLanguage } from '../../../app/reports/handoff-report-csv.js';
import { getHandoffReport, HANDOFF_REPORT_GROUPS, type HandoffReportGroup } from '../../../app/reports/handoff-report.js';
import { callerOf, organizationOf } from '../../access.js';
import { currencySchema, dateSchema } from '../../schemas.js';

interface PeriodQuery {
  from?: PlainDate;
  to?: PlainDate;
  currency?: string;
}

const periodProperties = {
  from: { ...dateSchema, description: 'Cases handed on or after this day. Default: since the first hand-off.' },
  to: { ...dateSchema, description: 'Cases handed on or before this day. Default: no last day.' },
  currency: { ...currencySchema, description: "Default: the organization's currency. Cases in other currencies are listed in `other_currencies`, never converted." },
} as const;

const languageProperty = { type: 'string', enum: REPORT_LANGUAGES, description: "The language of the file's headers and labels. Default: the organization's." } as const;

function sendCsv(reply: FastifyReply, fileName: string, text: string): FastifyReply {
  return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${fileName}"`).header('cache-control', 'no-store').send(text);
}

/**
 * Reports on hand-offs: the creditor's recovery by partner, by age at hand-off and by step, and
 * the agency's portfolio per creditor; each also as a CSV file.
 */
export async function handoffReportRoutes(app: FastifyInstance, { db, now }: { db: Db; now: () => Date }): Promise<void> {
  const creditorReport = async (request: FastifyRequest<{ Querystring: PeriodQuery }>) => {
    const caller = callerOf(request);
    const organization = await organizationOf(db, request);
    const { from, to, currency } = request.query;
    const report = await getHandoffReport(db, organization.id, {
      currency: currency ?? organization.currency,
      from,
      to,
      today: todayIn(organization.time_zone, now()),
      ownerUserId: ownerScope(caller),
    });
    return { organization, report };
  };

  app.get<{ Querystring: PeriodQuery }>(
    '/api/reports/handoffs',
    {
      schema: {
        tags: ['reports'],
        summary: 'Cases handed to agencies and outside partners: handed, recovered, recovery rate and fees, by partner, by age at hand-off and by scenario step',
        querystring: { type: 'object', properties: periodProperties },
      },
    },
    async (request) => (await creditorReport(request)).report,
  );

  app.get<{ Querystring: PeriodQuery & { group?: HandoffReportGroup; lang?: ReportLanguage } }>(
    '/api/reports/handoffs.csv',
    {
      schema: {
        tags: ['reports'],
        summary: 'One grouping of the hand-off report as a CSV file (UTF-8 with BOM, RFC 4180): a line per group and the total',
        querystring: {
          type: 'object',
          properties: { ...periodProperties, group: { type: 'string', enum: HANDOFF_REPORT_GROUPS, default: 'partner' }, lang: languageProperty },
        },
      },
    },
    async (request, reply) => {
      const { organization, report } = await creditorReport(request);
      const group = request.query.group ?? 'partner';
      const text = handoffReportCsv(report, group, request.query.lang ?? reportLanguageOf(organization.locale));
      return sendCsv(reply, `handoffs-by-${group}-${report.as_of}.csv`, text);
    },
  );

  const portfolio = async (request: FastifyRequest) => {
    const agency = await requireAgencyOrganization(db, callerOf(request).organizationId);
    return { agency, portfolio: await getAgencyPortfolio(db, agency.id, todayIn(agency.time_zone, now())) };
  };

  app.get(
    '/api/agency/portfolio',
    {
      schema: {
        tags: ['agency'],
        summary: "The agency's portfolio per creditor: live and closed cases, handed, recovered, outstanding on live cases, fees and recovery rate (agencies only)",
      },
    },
    async (request) => (await portfolio(request)).portfolio,
  );

  app.get<{ Querystring: { lang?: ReportLanguage } }>(
    '/api/agency/portfolio.csv',
    {
      schema: {
        tags: ['agency'],
        summary: "The agency's portfolio as a CSV file (UTF-8 with BOM, RFC 4180): a line per creditor and currency (agencies only)",
        querystring: { type: 'object', properties: { lang: languageProperty } },
      },
    },
    async (request, reply) => {
      const { agency, portfolio: result } = await portfolio(request);
      return sendCsv(reply, `portfolio-${result.as_of}.csv`, agencyPortfolioCsv(result, request.query.lang ?? reportLanguageOf(agency.locale)));
    },
  );
}
