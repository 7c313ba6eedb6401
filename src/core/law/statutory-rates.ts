import type { LateInterestLaw, RateTable } from '../late-interest.js';

/**
 * Statutory B2B late-payment rates, percent per year, per half-year: each half-year's rate
 * applies to the days that fall in it. The table ends where the sources end; an
 * administrator adds newer half-years, and a computation that reaches past the last row
 * says so instead of reusing it.
 */
export const STATUTORY_RATES: Record<LateInterestLaw, RateTable> = {
  fr: {
    law: "Code de commerce L441-10 II (rate) and D441-5 (indemnity)",
    rule: "ECB main refinancing rate in force on 1 January (H1) or 1 July (H2) + 10 points; a contractual rate may not be below 3x the legal interest rate",
    indemnityMinor: 4000,
    sources: ["L441-10 Code de commerce (Legifrance, version since 2019-04-26)", "D441-5 Code de commerce", "Banque de France key ECB rates table", "arrete of 15 Dec 2025 (taux legal 2026-H1)"],
    rates: [
      { from: '2023-01-01', percent: '12.5' },
      { from: '2023-07-01', percent: '14' },
      { from: '2024-01-01', percent: '14.5' },
      { from: '2024-07-01', percent: '14.25' },
      { from: '2025-01-01', percent: '13.15' },
      { from: '2025-07-01', percent: '12.15' },
      { from: '2026-01-01', percent: '12.15' },
    ],
  },
  be: {
    law: "Law of 2 August 2002 on late payment in commercial transactions, as amended by the law of 14 August 2021",
    rule: "ECB reference rate + 8 points, rounded up to the next half point, published per half-year by the FPS Finance",
    indemnityMinor: 4000,
    sources: ["Moniteur belge notices of the FPS Finance (per half-year)"],
    rates: [
      { from: '2023-01-01', percent: '10.5' },
      { from: '2023-07-01', percent: '12' },
      { from: '2024-01-01', percent: '12.5' },
      { from: '2024-07-01', percent: '12.5' },
      { from: '2025-01-01', percent: '11.5' },
      { from: '2025-07-01', percent: '10.5' },
      { from: '2026-01-01', percent: '10.5' },
    ],
  },
  de: {
    law: "BGB 288 (2) and (5)",
    rule: "Basiszinssatz (BGB 247, set on 1 January and 1 July) + 9 points for B2B",
    indemnityMinor: 4000,
    sources: ["Deutsche Bundesbank Basiszinssatz announcements"],
    rates: [
      { from: '2023-01-01', percent: '10.62' },
      { from: '2023-07-01', percent: '12.12' },
      { from: '2024-01-01', percent: '12.62' },
      { from: '2024-07-01', percent: '12.37' },
      { from: '2025-01-01', percent: '11.27' },
      { from: '2025-07-01', percent: '10.27' },
      { from: '2026-01-01', percent: '10.27' },
    ],
  },
  eu: {
    law: "Directive 2011/7/EU on combating late payment in commercial transactions",
    rule: "ECB main refinancing rate on 1 January / 1 July + at least 8 points",
    indemnityMinor: 4000,
    sources: ["Directive 2011/7/EU on combating late payment in commercial transactions"],
    rates: [
      { from: '2023-01-01', percent: '10.5' },
      { from: '2023-07-01', percent: '12' },
      { from: '2024-01-01', percent: '12.5' },
      { from: '2024-07-01', percent: '12.25' },
      { from: '2025-01-01', percent: '11.15' },
      { from: '2025-07-01', percent: '10.15' },
      { from: '2026-01-01', percent: '10.15' },
    ],
  },
};
