import { graphql } from '@/gql';

export const SCHEDULE_FIELDS_FRAGMENT = graphql(`
  fragment ScheduleFields on Schedule {
    id name cron timezone overlap paused task itemCount nextRunAt lastRunAt skippedRuns createdAt
    batches(first: 5) { totalCount edges { node { id status runAt } } }
  }
`);

export const SCHEDULES_QUERY = graphql(`
  query SchedulesList($first: Int, $after: String) {
    schedules(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { ...ScheduleFields } }
    }
    tasks { name example }
  }
`);

/** What makes the list stale: a batch started or ended. The page reads again on each snapshot (≤ 1/s). */
export const SCHEDULES_LIVE_SUBSCRIPTION = graphql(`
  subscription SchedulesLive {
    laneMetrics { seq activeBatches { id status } }
  }
`);

export const CREATE_SCHEDULE_MUTATION = graphql(`
  mutation CreateSchedule($input: CreateScheduleInput!) {
    createSchedule(input: $input) {
      __typename
      ... on CreateScheduleSuccess { schedule { ...ScheduleFields } }
      ... on Error { ...SubmitFailure }
    }
  }
`);

export const PAUSE_SCHEDULE_MUTATION = graphql(`
  mutation PauseSchedule($id: ID!) { pauseSchedule(id: $id) { ...ScheduleFields } }
`);

export const RESUME_SCHEDULE_MUTATION = graphql(`
  mutation ResumeSchedule($id: ID!) { resumeSchedule(id: $id) { ...ScheduleFields } }
`);

export const DELETE_SCHEDULE_MUTATION = graphql(`
  mutation DeleteSchedule($id: ID!) { deleteSchedule(id: $id) }
`);
