// Build once before the suites: dist/ for the tests that run the app as a process (exit codes, stderr),
// and dist/lambda/<name> for the stacks that package Lambda code as an asset.
module.exports = async () => {
  const { buildAll } = await import('../../tools/build.mjs');
  await buildAll();
};
