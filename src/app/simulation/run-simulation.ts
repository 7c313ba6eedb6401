import { todayIn, type PlainDate } from '../../core/plain-date.js';
import type { Db } from '../../adapters/db/database.js';
import type { OrganizationRow } from '../../adapters/db/schema.js';
import { copyForSimulation } from './copy-for-simulation.js';
import { replayCollection, type SimulationReport } from './replay-collection.js';

export interface SimulationOptions {
  days: number;
  /** The first day replayed; today in the organization's time zone by default. */
  from?: PlainDate;
  seed?: number;
  scenarioId?: string | null;
  /** The clock that says what "today" is when `from` is left out. */
  now: Date;
}

export const DEFAULT_SIMULATION_SEED = 1;

/**
 * Replays the organization's collection over the coming days in a throw-away copy of its data
 * (docs/simulation.md): the database it is given is only read, and the copy is removed at the
 * end, whatever happens.
 */
export async function runSimulation(db: Db, organization: OrganizationRow, options: SimulationOptions): Promise<SimulationReport> {
  const copy = await copyForSimulation(db, organization.id);
  try {
    return await replayCollection(copy.db, copy.organization, {
      days: options.days,
      from: options.from ?? todayIn(organization.time_zone, options.now),
      seed: options.seed ?? DEFAULT_SIMULATION_SEED,
      scenarioId: options.scenarioId ?? null,
    });
  } finally {
    await copy.dispose();
  }
}
