/** What the debtor's page shows of an organization beyond its identity (migration 0039-p). */
export interface PortalSettingsRow {
  organization_id: string;
  /** An https address with {reference} {amount} {currency}; null: no payment link. */
  payment_link_template: string | null;
  /** image/png, image/jpeg or image/svg+xml; null: no logo. */
  logo_content_type: string | null;
  logo_base64: string | null;
  logo_size_bytes: number | null;
  logo_sha256: string | null;
  updated_at: string;
}
