export const DECISION_TABLE_QUERY = /* GraphQL */ `
  query DecisionTable {
    decisionTable { id tag when executor concurrency lane why batchesRouted }
  }
`;
