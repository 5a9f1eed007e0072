import { graphql } from '@/gql';

export const WORKER_FIELDS_FRAGMENT = graphql(`
  fragment WorkerFields on Worker {
    id host pid version slots busy jobsDone state gone lastSeenAt startedAt rssMb heapUsedMb eventLoopDelayMs
  }
`);

export const WORKERS_QUERY = graphql(`
  query Workers { workers { ...WorkerFields } }
`);

export const WORKERS_SUBSCRIPTION = graphql(`
  subscription WorkersChanged { workersChanged { ...WorkerFields } }
`);
