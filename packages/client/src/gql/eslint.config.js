// graphql-codegen output (npm run codegen), checked against schema.graphql by a test instead of linted; the root
// eslint.config.js ignores the dashboard's generated folder the same way.
export default [{ ignores: ['**/*'] }];
