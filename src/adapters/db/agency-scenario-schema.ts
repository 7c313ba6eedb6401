/** An agency's own scenario: which letters it sends and on which day after the hand-off (migration 0044-h). */
export interface AgencyScenarioRow {
  organization_id: string;
  /** JSON array of {key, day, enabled}, in the scenario's order. */
  steps: string;
  updated_at: string;
}
