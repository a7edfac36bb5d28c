/** Types of render-example.mjs for the tests (the script is plain JavaScript). */
export const DEFAULT_LOG: string;
export const DEFAULT_OUT: string;
export function exampleMarkdown(logPath?: string): Promise<string>;
export function exampleHtml(logPath?: string): Promise<string>;
export function screenshot(html: string, out: string, chromiumPath?: string): Promise<void>;
