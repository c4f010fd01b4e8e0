// Lambda code is packaged from dist/lambda/<name>: bundle it once before any suite synthesizes a stack.
module.exports = async () => {
  const { buildLambdas } = await import('../../tools/build.mjs');
  await buildLambdas();
};
