// A node:test reporter that counts tests (suites aside) and writes one line:
// `<passed> <failed> <skipped>`. scripts/test.mjs reads it for the closing summary.
export default async function* countTests(source) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    if (event.data.details?.type === 'suite') continue;
    if (event.type === 'test:fail') counts.failed++;
    else if (event.data.skip !== undefined || event.data.todo !== undefined) counts.skipped++;
    else counts.passed++;
  }
  yield `${counts.passed} ${counts.failed} ${counts.skipped}\n`;
}
