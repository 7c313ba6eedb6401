import type { FastifyInstance } from 'fastify';
import type { Db } from '../../../adapters/db/database.js';
import { getHolidayCalendarSettings, saveHolidayRegion } from '../../../app/organization/holiday-calendar-settings.js';
import { organizationOf } from '../../access.js';
import { holidayCalendarBody, holidayCalendarResponse } from './schemas.js';

export async function organizationRoutes(app: FastifyInstance, { db }: { db: Db }): Promise<void> {
  const tags = ['organization'];

  app.get(
    '/api/settings/holidays',
    { schema: { tags, summary: 'The public holidays on which no reminder goes out: the country, the region if one is set, and the regions to choose from', response: { 200: holidayCalendarResponse } } },
    async (request) => getHolidayCalendarSettings(await organizationOf(db, request)),
  );

  app.put<{ Body: { region: string | null } }>(
    '/api/settings/holidays',
    {
      config: { access: 'admin' },
      schema: { tags, summary: "Choose the region whose public holidays apply (null: the country's); 422 naming `region` for one the country does not have", body: holidayCalendarBody, response: { 200: holidayCalendarResponse } },
    },
    async (request) => saveHolidayRegion(db, await organizationOf(db, request), request.body.region, 'region'),
  );
}
