import type { ReactElement } from 'react';
import { AssignmentRulesPage } from './assignment-rules-page.js';
import { ChannelsSettingsPage } from './channels-page.js';
import { OrganizationSettingsPage } from './organization-page.js';
import { RatesSettingsPage } from './rates-page.js';
import { UsersSettingsPage } from './users-page.js';

const PAGES: Record<string, () => ReactElement> = {
  '/settings/organization': () => <OrganizationSettingsPage />,
  '/settings/users': () => <UsersSettingsPage />,
  '/settings/assignment-rules': () => <AssignmentRulesPage />,
  '/settings/rates': () => <RatesSettingsPage />,
  '/settings/channels': () => <ChannelsSettingsPage />,
};

/** The administrators' settings page at a path, or null when the path is not one of them. */
export function setupPageAt(path: string): ReactElement | null {
  return PAGES[path.replace(/\/$/, '')]?.() ?? null;
}
