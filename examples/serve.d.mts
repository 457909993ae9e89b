/** Types of serve.mjs, for the end-to-end tests that start it. */
export declare function serveExamples(options?: {
  port?: number;
  host?: string;
  atelierUrl?: string;
  replacements?: Record<string, string>;
}): Promise<{ url: string; close(): Promise<void> }>;
