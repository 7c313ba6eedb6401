import type { ReactElement } from 'react';
import type { Session } from '../api-types.js';
import { AgencyCasePage } from './agency-case-page.js';
import { AgencyCasesPage } from './agency-cases-page.js';
import { AgencyScenarioPage } from './agency-scenario-page.js';
import { AgencyTasksPage } from './agency-tasks-page.js';

/** The page of an agency's own address (its cases and tasks), or null for the pages it shares with creditors. */
export function agencyPageAt(path: string, session: Session): ReactElement | null {
  if (path === '/' || path === '/index.html' || path === '/cases' || path === '/cases/') return <AgencyCasesPage />;
  const one = /^\/cases\/([^/]+)\/?$/.exec(path);
  if (one) return <AgencyCasePage key={one[1]} caseId={decodeURIComponent(one[1]!)} />;
  if (path === '/agency/tasks' || path === '/agency/tasks/') return <AgencyTasksPage canWrite={session.user.role === 'admin' || session.user.role === 'collector'} />;
  if (path === '/agency/scenario' || path === '/agency/scenario/') return <AgencyScenarioPage canEdit={session.user.role === 'admin'} />;
  return null;
}
