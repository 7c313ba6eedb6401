/** Labels of one area of the web app; merged into the catalogue by ../messages.ts. */
export const en = {} as const;

export const fr: Record<keyof typeof en, string> = {};
