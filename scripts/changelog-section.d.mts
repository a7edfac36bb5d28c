/** Types of changelog-section.mjs for the tests (the script is plain JavaScript). */
export function changelogSection(text: string, version: string): string | null;
