import { graphql } from '@/gql';

export const DECISION_TABLE_QUERY = graphql(`
  query DecisionTable {
    decisionTable { id tag when executor concurrency lane why batchesRouted }
  }
`);
