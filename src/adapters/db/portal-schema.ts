/** Why a debtor-page link was made: for one outgoing message, or by a person (CLI, API, customer page). */
export type PortalLinkPurpose = 'message' | 'manual';

/** One link to a customer's debtor page; the token itself is never stored, only its SHA-256. */
export interface PortalLinkRow {
  id: string;
  organization_id: string;
  customer_id: string;
  token_hash: string;
  purpose: PortalLinkPurpose;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  /** The user who made it, or null for links minted by the collection run. */
  created_by: string | null;
  /** The second-factor code last sent (SHA-256), until when it holds, and the attempts left. */
  code_hash: string | null;
  code_expires_at: string | null;
  code_attempts_left: number | null;
}

/** A browser that passed the second factor on one link: its cookie's secret, hashed. */
export interface PortalLinkPassRow {
  pass_hash: string;
  link_id: string;
  organization_id: string;
  expires_at: string;
}
