/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment BatchCounts on Counts { queued running succeeded failed cancelled timedOut finished }\n": typeof types.BatchCountsFragmentDoc,
    "\n  fragment SubmitFailure on Error {\n    __typename\n    message\n    ... on UnknownTaskError { task }\n    ... on TooManyItemsError { max got }\n    ... on InvalidFileError { rows { row message } }\n    ... on InvalidItemsError { items { index path message } }\n    ... on InvalidInputError { field issues { path message } }\n    ... on QuotaExceededError { quota limit retryAfterMs }\n    ... on QueueFullError { retryAfterMs }\n  }\n": typeof types.SubmitFailureFragmentDoc,
    "\n  fragment BatchFlow on Batch {\n    id paused priority concurrency\n    rateLimit { jobs perMs }\n  }\n": typeof types.BatchFlowFragmentDoc,
    "\n  mutation PauseBatch($id: ID!) {\n    pauseBatch(id: $id) { ...BatchFlow status done }\n  }\n": typeof types.PauseBatchDocument,
    "\n  mutation ResumeBatch($id: ID!) {\n    resumeBatch(id: $id) { ...BatchFlow status done }\n  }\n": typeof types.ResumeBatchDocument,
    "\n  mutation SetBatchConcurrency($id: ID!, $concurrency: Int!) {\n    setBatchConcurrency(id: $id, concurrency: $concurrency) {\n      __typename\n      ... on SetBatchConcurrencySuccess { batch { ...BatchFlow } }\n      ... on InvalidInputError { field message }\n    }\n  }\n": typeof types.SetBatchConcurrencyDocument,
    "\n  query BatchDetail($id: ID!, $first: Int, $after: String, $status: JobStatus) {\n    batch(id: $id) {\n      ...BatchSummary\n      timeoutMs\n      maxAttempts\n      etaMs\n      autoReroute\n      runAt\n      schedule { id name }\n      ...BatchFlow\n      diagnosis { mistagged suggestedTag verdict blockedMsPerJob workerBusyRatio measuredJobs }\n      failures { code message count sampleJobId examples }\n      jobs(first: $first, after: $after, status: $status) {\n        totalCount\n        pageInfo { hasNextPage endCursor }\n        edges { cursor node { id index status attempts executor waitMs runMs result error { code message } } }\n      }\n    }\n  }\n": typeof types.BatchDetailDocument,
    "\n  subscription BatchDetailProgress($id: ID!) {\n    batchProgress(id: $id) {\n      seq batchId status total throughput wallMs etaMs done\n      counts { ...BatchCounts }\n      batch { ...BatchFlow }\n    }\n  }\n": typeof types.BatchDetailProgressDocument,
    "\n  mutation CancelBatch($id: ID!) {\n    cancelBatch(id: $id) { id status done counts { ...BatchCounts } }\n  }\n": typeof types.CancelBatchDocument,
    "\n  mutation RetryFailed($batchId: ID!) {\n    retryFailed(batchId: $batchId) { id status done counts { ...BatchCounts } }\n  }\n": typeof types.RetryFailedDocument,
    "\n  mutation DeleteBatch($id: ID!) {\n    deleteBatch(id: $id) {\n      __typename\n      ... on DeleteBatchSuccess { batchId }\n      ... on BatchNotFinishedError { message status }\n    }\n  }\n": typeof types.DeleteBatchDocument,
    "\n  query BatchThroughput($id: ID!) {\n    batch(id: $id) { id throughputSeries { widthMs points { at completed } } }\n  }\n": typeof types.BatchThroughputDocument,
    "\n  fragment BatchSummary on Batch {\n    id name task tag status done total\n    counts { ...BatchCounts }\n    route { executor concurrency rule reason lane phases { phase executor concurrency } }\n    createdAt startedAt finishedAt wallMs throughput\n  }\n": typeof types.BatchSummaryFragmentDoc,
    "\n  query BatchesList($first: Int, $after: String, $status: BatchStatus, $task: String, $tag: JobTag, $search: String, $includeComparisonRuns: Boolean) {\n    batches(\n      first: $first\n      after: $after\n      status: $status\n      task: $task\n      tag: $tag\n      search: $search\n      includeComparisonRuns: $includeComparisonRuns\n    ) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { cursor node { ...BatchSummary } }\n    }\n    tasks { name }\n  }\n": typeof types.BatchesListDocument,
    "\n  subscription BatchesLive {\n    laneMetrics {\n      seq\n      activeBatches { id status total throughput counts { ...BatchCounts } }\n    }\n  }\n": typeof types.BatchesLiveDocument,
    "\n  query CompareSetup {\n    tasks { ...TaskDetail }\n  }\n": typeof types.CompareSetupDocument,
    "\n  fragment ComparisonRunFields on ComparisonRun {\n    executor concurrency chunkSize label status wallMs throughput speedup idealSpeedup efficiency cpuMs peakRssMb eventLoopP99Ms errors\n    mainLoopLongestBlockMs mainLoopUtilization jobsBlockedMs workerUtilization\n    batch { id }\n  }\n": typeof types.ComparisonRunFieldsFragmentDoc,
    "\n  fragment ComparisonFields on Comparison {\n    id name task tag total status verdict error createdAt finishedAt\n    strategies { executor concurrency chunkSize }\n    runs { ...ComparisonRunFields }\n    current { id total counts { ...BatchCounts } }\n  }\n": typeof types.ComparisonFieldsFragmentDoc,
    "\n  mutation CompareStrategies($input: CompareStrategiesInput!) {\n    compareStrategies(input: $input) {\n      __typename\n      ... on CompareStrategiesSuccess { comparison { id } }\n      ...SubmitFailure\n    }\n  }\n": typeof types.CompareStrategiesDocument,
    "\n  query Comparison($id: ID!) {\n    comparison(id: $id) { ...ComparisonFields }\n  }\n": typeof types.ComparisonDocument,
    "\n  query ComparisonFull($id: ID!) {\n    comparison(id: $id) {\n      ...ComparisonFields\n      runs { ...ComparisonRunFields timeline { index slot startMs endMs status } }\n    }\n  }\n": typeof types.ComparisonFullDocument,
    "\n  subscription ComparisonProgress($id: ID!) {\n    comparisonProgress(id: $id) { ...ComparisonFields }\n  }\n": typeof types.ComparisonProgressDocument,
    "\n  mutation CancelComparison($id: ID!) {\n    cancelComparison(id: $id) { id status finishedAt }\n  }\n": typeof types.CancelComparisonDocument,
    "\n  query Comparisons($first: Int, $after: String) {\n    comparisons(first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        cursor\n        node {\n          id name task tag total status createdAt finishedAt\n          strategies { executor concurrency chunkSize }\n          runs { executor concurrency chunkSize label wallMs throughput status }\n        }\n      }\n    }\n  }\n": typeof types.ComparisonsDocument,
    "\n  query DecisionTable {\n    decisionTable { id tag when executor concurrency lane why batchesRouted }\n  }\n": typeof types.DecisionTableDocument,
    "\n  query Failures($filter: FailedJobsFilter, $first: Int, $after: String) {\n    failureGroups(filter: $filter) { code message count sampleJobId examples }\n    failedJobs(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        cursor\n        task\n        node { id batchId index status attempts finishedAt error { code message } }\n      }\n    }\n    tasks { name }\n  }\n": typeof types.FailuresDocument,
    "\n  mutation RetryJobs($filter: FailedJobsFilter!) { retryJobs(filter: $filter) { jobs batches } }\n": typeof types.RetryJobsDocument,
    "\n  mutation CancelJobs($filter: FailedJobsFilter!) { cancelJobs(filter: $filter) { jobs batches } }\n": typeof types.CancelJobsDocument,
    "\n  query JobDetail($id: ID!) {\n    job(id: $id) {\n      id batchId index status input result\n      error { code message stack }\n      attempts attemptsInBudget maxAttempts executor\n      queuedAt startedAt finishedAt waitMs runMs progress progressMessage\n      logs { at level message }\n      logsDropped\n      history {\n        attempt status executor worker queuedAt startedAt finishedAt waitMs runMs\n        error { code message stack }\n      }\n      batch { id name task tag status route { lane executor concurrency } }\n    }\n  }\n": typeof types.JobDetailDocument,
    "\n  subscription JobBatchProgress($id: ID!) {\n    batchProgress(id: $id) { seq done counts { ...BatchCounts } }\n  }\n": typeof types.JobBatchProgressDocument,
    "\n  mutation RetryJob($id: ID!) { retryJob(id: $id) { id status attempts attemptsInBudget finishedAt } }\n": typeof types.RetryJobDocument,
    "\n  mutation CancelJob($id: ID!) { cancelJob(id: $id) { id status finishedAt } }\n": typeof types.CancelJobDocument,
    "\n  fragment ApiKeyFields on ApiKey { id role label createdAt lastUsedAt revokedAt }\n": typeof types.ApiKeyFieldsFragmentDoc,
    "\n  query ApiKeys { apiKeys { ...ApiKeyFields } }\n": typeof types.ApiKeysDocument,
    "\n  mutation CreateApiKey($role: Role!, $label: String) {\n    createApiKey(role: $role, label: $label) { key apiKey { ...ApiKeyFields } }\n  }\n": typeof types.CreateApiKeyDocument,
    "\n  mutation RevokeApiKey($id: ID!) { revokeApiKey(id: $id) }\n": typeof types.RevokeApiKeyDocument,
    "\n  fragment OverviewStats on EngineStats {\n    seq\n    at\n    lanes {\n      lane\n      executor\n      inFlight\n      limit\n      demand\n      queued\n      throughput\n      history { at completed }\n      waitP50\n      waitP95\n      runP50\n      runP95\n      utilization\n    }\n    eventLoop { delayP50Ms delayP99Ms delayMaxMs utilization }\n    totals { ...BatchCounts }\n    storage { bytes oldestBatchAt retention }\n    activeBatches {\n      id name task tag status total\n      counts { ...BatchCounts }\n      route { lane executor concurrency }\n      throughput\n      createdAt\n    }\n  }\n": typeof types.OverviewStatsFragmentDoc,
    "\n  query OverviewEngineStats($allTeams: Boolean) { engineStats(allTeams: $allTeams) { ...OverviewStats } }\n": typeof types.OverviewEngineStatsDocument,
    "\n  subscription OverviewLaneMetrics($allTeams: Boolean) { laneMetrics(allTeams: $allTeams) { ...OverviewStats } }\n": typeof types.OverviewLaneMetricsDocument,
    "\n  query OverviewLaneHistory($range: HistoryRange!) {\n    laneHistory(range: $range) { resolutionMs buckets { lane at succeeded failed timedOut } }\n  }\n": typeof types.OverviewLaneHistoryDocument,
    "\n  fragment ScheduleFields on Schedule {\n    id name cron timezone overlap paused task itemCount nextRunAt lastRunAt skippedRuns createdAt\n    batches(first: 5) { totalCount edges { node { id status runAt } } }\n  }\n": typeof types.ScheduleFieldsFragmentDoc,
    "\n  query SchedulesList($first: Int, $after: String) {\n    schedules(first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { ...ScheduleFields } }\n    }\n    tasks { name example }\n  }\n": typeof types.SchedulesListDocument,
    "\n  subscription SchedulesLive {\n    laneMetrics { seq activeBatches { id status } }\n  }\n": typeof types.SchedulesLiveDocument,
    "\n  mutation CreateSchedule($input: CreateScheduleInput!) {\n    createSchedule(input: $input) {\n      __typename\n      ... on CreateScheduleSuccess { schedule { ...ScheduleFields } }\n      ... on Error { ...SubmitFailure }\n    }\n  }\n": typeof types.CreateScheduleDocument,
    "\n  mutation PauseSchedule($id: ID!) { pauseSchedule(id: $id) { ...ScheduleFields } }\n": typeof types.PauseScheduleDocument,
    "\n  mutation ResumeSchedule($id: ID!) { resumeSchedule(id: $id) { ...ScheduleFields } }\n": typeof types.ResumeScheduleDocument,
    "\n  mutation DeleteSchedule($id: ID!) { deleteSchedule(id: $id) }\n": typeof types.DeleteScheduleDocument,
    "\n  query SubmitTasks { tasks { ...TaskDetail } }\n": typeof types.SubmitTasksDocument,
    "\n  fragment TaskDetail on Task { name kind description timeoutMs inputSchema example }\n": typeof types.TaskDetailFragmentDoc,
    "\n  mutation SubmitBatch($input: SubmitBatchInput!) {\n    submitBatch(input: $input) {\n      __typename\n      ... on SubmitBatchSuccess { batch { id } }\n      ...SubmitFailure\n    }\n  }\n": typeof types.SubmitBatchDocument,
    "\n  fragment WorkerFields on Worker {\n    id host pid version slots busy jobsDone state gone lastSeenAt startedAt rssMb heapUsedMb eventLoopDelayMs\n  }\n": typeof types.WorkerFieldsFragmentDoc,
    "\n  query Workers { workers { ...WorkerFields } }\n": typeof types.WorkersDocument,
    "\n  subscription WorkersChanged { workersChanged { ...WorkerFields } }\n": typeof types.WorkersChangedDocument,
};
const documents: Documents = {
    "\n  fragment BatchCounts on Counts { queued running succeeded failed cancelled timedOut finished }\n": types.BatchCountsFragmentDoc,
    "\n  fragment SubmitFailure on Error {\n    __typename\n    message\n    ... on UnknownTaskError { task }\n    ... on TooManyItemsError { max got }\n    ... on InvalidFileError { rows { row message } }\n    ... on InvalidItemsError { items { index path message } }\n    ... on InvalidInputError { field issues { path message } }\n    ... on QuotaExceededError { quota limit retryAfterMs }\n    ... on QueueFullError { retryAfterMs }\n  }\n": types.SubmitFailureFragmentDoc,
    "\n  fragment BatchFlow on Batch {\n    id paused priority concurrency\n    rateLimit { jobs perMs }\n  }\n": types.BatchFlowFragmentDoc,
    "\n  mutation PauseBatch($id: ID!) {\n    pauseBatch(id: $id) { ...BatchFlow status done }\n  }\n": types.PauseBatchDocument,
    "\n  mutation ResumeBatch($id: ID!) {\n    resumeBatch(id: $id) { ...BatchFlow status done }\n  }\n": types.ResumeBatchDocument,
    "\n  mutation SetBatchConcurrency($id: ID!, $concurrency: Int!) {\n    setBatchConcurrency(id: $id, concurrency: $concurrency) {\n      __typename\n      ... on SetBatchConcurrencySuccess { batch { ...BatchFlow } }\n      ... on InvalidInputError { field message }\n    }\n  }\n": types.SetBatchConcurrencyDocument,
    "\n  query BatchDetail($id: ID!, $first: Int, $after: String, $status: JobStatus) {\n    batch(id: $id) {\n      ...BatchSummary\n      timeoutMs\n      maxAttempts\n      etaMs\n      autoReroute\n      runAt\n      schedule { id name }\n      ...BatchFlow\n      diagnosis { mistagged suggestedTag verdict blockedMsPerJob workerBusyRatio measuredJobs }\n      failures { code message count sampleJobId examples }\n      jobs(first: $first, after: $after, status: $status) {\n        totalCount\n        pageInfo { hasNextPage endCursor }\n        edges { cursor node { id index status attempts executor waitMs runMs result error { code message } } }\n      }\n    }\n  }\n": types.BatchDetailDocument,
    "\n  subscription BatchDetailProgress($id: ID!) {\n    batchProgress(id: $id) {\n      seq batchId status total throughput wallMs etaMs done\n      counts { ...BatchCounts }\n      batch { ...BatchFlow }\n    }\n  }\n": types.BatchDetailProgressDocument,
    "\n  mutation CancelBatch($id: ID!) {\n    cancelBatch(id: $id) { id status done counts { ...BatchCounts } }\n  }\n": types.CancelBatchDocument,
    "\n  mutation RetryFailed($batchId: ID!) {\n    retryFailed(batchId: $batchId) { id status done counts { ...BatchCounts } }\n  }\n": types.RetryFailedDocument,
    "\n  mutation DeleteBatch($id: ID!) {\n    deleteBatch(id: $id) {\n      __typename\n      ... on DeleteBatchSuccess { batchId }\n      ... on BatchNotFinishedError { message status }\n    }\n  }\n": types.DeleteBatchDocument,
    "\n  query BatchThroughput($id: ID!) {\n    batch(id: $id) { id throughputSeries { widthMs points { at completed } } }\n  }\n": types.BatchThroughputDocument,
    "\n  fragment BatchSummary on Batch {\n    id name task tag status done total\n    counts { ...BatchCounts }\n    route { executor concurrency rule reason lane phases { phase executor concurrency } }\n    createdAt startedAt finishedAt wallMs throughput\n  }\n": types.BatchSummaryFragmentDoc,
    "\n  query BatchesList($first: Int, $after: String, $status: BatchStatus, $task: String, $tag: JobTag, $search: String, $includeComparisonRuns: Boolean) {\n    batches(\n      first: $first\n      after: $after\n      status: $status\n      task: $task\n      tag: $tag\n      search: $search\n      includeComparisonRuns: $includeComparisonRuns\n    ) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { cursor node { ...BatchSummary } }\n    }\n    tasks { name }\n  }\n": types.BatchesListDocument,
    "\n  subscription BatchesLive {\n    laneMetrics {\n      seq\n      activeBatches { id status total throughput counts { ...BatchCounts } }\n    }\n  }\n": types.BatchesLiveDocument,
    "\n  query CompareSetup {\n    tasks { ...TaskDetail }\n  }\n": types.CompareSetupDocument,
    "\n  fragment ComparisonRunFields on ComparisonRun {\n    executor concurrency chunkSize label status wallMs throughput speedup idealSpeedup efficiency cpuMs peakRssMb eventLoopP99Ms errors\n    mainLoopLongestBlockMs mainLoopUtilization jobsBlockedMs workerUtilization\n    batch { id }\n  }\n": types.ComparisonRunFieldsFragmentDoc,
    "\n  fragment ComparisonFields on Comparison {\n    id name task tag total status verdict error createdAt finishedAt\n    strategies { executor concurrency chunkSize }\n    runs { ...ComparisonRunFields }\n    current { id total counts { ...BatchCounts } }\n  }\n": types.ComparisonFieldsFragmentDoc,
    "\n  mutation CompareStrategies($input: CompareStrategiesInput!) {\n    compareStrategies(input: $input) {\n      __typename\n      ... on CompareStrategiesSuccess { comparison { id } }\n      ...SubmitFailure\n    }\n  }\n": types.CompareStrategiesDocument,
    "\n  query Comparison($id: ID!) {\n    comparison(id: $id) { ...ComparisonFields }\n  }\n": types.ComparisonDocument,
    "\n  query ComparisonFull($id: ID!) {\n    comparison(id: $id) {\n      ...ComparisonFields\n      runs { ...ComparisonRunFields timeline { index slot startMs endMs status } }\n    }\n  }\n": types.ComparisonFullDocument,
    "\n  subscription ComparisonProgress($id: ID!) {\n    comparisonProgress(id: $id) { ...ComparisonFields }\n  }\n": types.ComparisonProgressDocument,
    "\n  mutation CancelComparison($id: ID!) {\n    cancelComparison(id: $id) { id status finishedAt }\n  }\n": types.CancelComparisonDocument,
    "\n  query Comparisons($first: Int, $after: String) {\n    comparisons(first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        cursor\n        node {\n          id name task tag total status createdAt finishedAt\n          strategies { executor concurrency chunkSize }\n          runs { executor concurrency chunkSize label wallMs throughput status }\n        }\n      }\n    }\n  }\n": types.ComparisonsDocument,
    "\n  query DecisionTable {\n    decisionTable { id tag when executor concurrency lane why batchesRouted }\n  }\n": types.DecisionTableDocument,
    "\n  query Failures($filter: FailedJobsFilter, $first: Int, $after: String) {\n    failureGroups(filter: $filter) { code message count sampleJobId examples }\n    failedJobs(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        cursor\n        task\n        node { id batchId index status attempts finishedAt error { code message } }\n      }\n    }\n    tasks { name }\n  }\n": types.FailuresDocument,
    "\n  mutation RetryJobs($filter: FailedJobsFilter!) { retryJobs(filter: $filter) { jobs batches } }\n": types.RetryJobsDocument,
    "\n  mutation CancelJobs($filter: FailedJobsFilter!) { cancelJobs(filter: $filter) { jobs batches } }\n": types.CancelJobsDocument,
    "\n  query JobDetail($id: ID!) {\n    job(id: $id) {\n      id batchId index status input result\n      error { code message stack }\n      attempts attemptsInBudget maxAttempts executor\n      queuedAt startedAt finishedAt waitMs runMs progress progressMessage\n      logs { at level message }\n      logsDropped\n      history {\n        attempt status executor worker queuedAt startedAt finishedAt waitMs runMs\n        error { code message stack }\n      }\n      batch { id name task tag status route { lane executor concurrency } }\n    }\n  }\n": types.JobDetailDocument,
    "\n  subscription JobBatchProgress($id: ID!) {\n    batchProgress(id: $id) { seq done counts { ...BatchCounts } }\n  }\n": types.JobBatchProgressDocument,
    "\n  mutation RetryJob($id: ID!) { retryJob(id: $id) { id status attempts attemptsInBudget finishedAt } }\n": types.RetryJobDocument,
    "\n  mutation CancelJob($id: ID!) { cancelJob(id: $id) { id status finishedAt } }\n": types.CancelJobDocument,
    "\n  fragment ApiKeyFields on ApiKey { id role label createdAt lastUsedAt revokedAt }\n": types.ApiKeyFieldsFragmentDoc,
    "\n  query ApiKeys { apiKeys { ...ApiKeyFields } }\n": types.ApiKeysDocument,
    "\n  mutation CreateApiKey($role: Role!, $label: String) {\n    createApiKey(role: $role, label: $label) { key apiKey { ...ApiKeyFields } }\n  }\n": types.CreateApiKeyDocument,
    "\n  mutation RevokeApiKey($id: ID!) { revokeApiKey(id: $id) }\n": types.RevokeApiKeyDocument,
    "\n  fragment OverviewStats on EngineStats {\n    seq\n    at\n    lanes {\n      lane\n      executor\n      inFlight\n      limit\n      demand\n      queued\n      throughput\n      history { at completed }\n      waitP50\n      waitP95\n      runP50\n      runP95\n      utilization\n    }\n    eventLoop { delayP50Ms delayP99Ms delayMaxMs utilization }\n    totals { ...BatchCounts }\n    storage { bytes oldestBatchAt retention }\n    activeBatches {\n      id name task tag status total\n      counts { ...BatchCounts }\n      route { lane executor concurrency }\n      throughput\n      createdAt\n    }\n  }\n": types.OverviewStatsFragmentDoc,
    "\n  query OverviewEngineStats($allTeams: Boolean) { engineStats(allTeams: $allTeams) { ...OverviewStats } }\n": types.OverviewEngineStatsDocument,
    "\n  subscription OverviewLaneMetrics($allTeams: Boolean) { laneMetrics(allTeams: $allTeams) { ...OverviewStats } }\n": types.OverviewLaneMetricsDocument,
    "\n  query OverviewLaneHistory($range: HistoryRange!) {\n    laneHistory(range: $range) { resolutionMs buckets { lane at succeeded failed timedOut } }\n  }\n": types.OverviewLaneHistoryDocument,
    "\n  fragment ScheduleFields on Schedule {\n    id name cron timezone overlap paused task itemCount nextRunAt lastRunAt skippedRuns createdAt\n    batches(first: 5) { totalCount edges { node { id status runAt } } }\n  }\n": types.ScheduleFieldsFragmentDoc,
    "\n  query SchedulesList($first: Int, $after: String) {\n    schedules(first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { ...ScheduleFields } }\n    }\n    tasks { name example }\n  }\n": types.SchedulesListDocument,
    "\n  subscription SchedulesLive {\n    laneMetrics { seq activeBatches { id status } }\n  }\n": types.SchedulesLiveDocument,
    "\n  mutation CreateSchedule($input: CreateScheduleInput!) {\n    createSchedule(input: $input) {\n      __typename\n      ... on CreateScheduleSuccess { schedule { ...ScheduleFields } }\n      ... on Error { ...SubmitFailure }\n    }\n  }\n": types.CreateScheduleDocument,
    "\n  mutation PauseSchedule($id: ID!) { pauseSchedule(id: $id) { ...ScheduleFields } }\n": types.PauseScheduleDocument,
    "\n  mutation ResumeSchedule($id: ID!) { resumeSchedule(id: $id) { ...ScheduleFields } }\n": types.ResumeScheduleDocument,
    "\n  mutation DeleteSchedule($id: ID!) { deleteSchedule(id: $id) }\n": types.DeleteScheduleDocument,
    "\n  query SubmitTasks { tasks { ...TaskDetail } }\n": types.SubmitTasksDocument,
    "\n  fragment TaskDetail on Task { name kind description timeoutMs inputSchema example }\n": types.TaskDetailFragmentDoc,
    "\n  mutation SubmitBatch($input: SubmitBatchInput!) {\n    submitBatch(input: $input) {\n      __typename\n      ... on SubmitBatchSuccess { batch { id } }\n      ...SubmitFailure\n    }\n  }\n": types.SubmitBatchDocument,
    "\n  fragment WorkerFields on Worker {\n    id host pid version slots busy jobsDone state gone lastSeenAt startedAt rssMb heapUsedMb eventLoopDelayMs\n  }\n": types.WorkerFieldsFragmentDoc,
    "\n  query Workers { workers { ...WorkerFields } }\n": types.WorkersDocument,
    "\n  subscription WorkersChanged { workersChanged { ...WorkerFields } }\n": types.WorkersChangedDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment BatchCounts on Counts { queued running succeeded failed cancelled timedOut finished }\n"): (typeof documents)["\n  fragment BatchCounts on Counts { queued running succeeded failed cancelled timedOut finished }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SubmitFailure on Error {\n    __typename\n    message\n    ... on UnknownTaskError { task }\n    ... on TooManyItemsError { max got }\n    ... on InvalidFileError { rows { row message } }\n    ... on InvalidItemsError { items { index path message } }\n    ... on InvalidInputError { field issues { path message } }\n    ... on QuotaExceededError { quota limit retryAfterMs }\n    ... on QueueFullError { retryAfterMs }\n  }\n"): (typeof documents)["\n  fragment SubmitFailure on Error {\n    __typename\n    message\n    ... on UnknownTaskError { task }\n    ... on TooManyItemsError { max got }\n    ... on InvalidFileError { rows { row message } }\n    ... on InvalidItemsError { items { index path message } }\n    ... on InvalidInputError { field issues { path message } }\n    ... on QuotaExceededError { quota limit retryAfterMs }\n    ... on QueueFullError { retryAfterMs }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment BatchFlow on Batch {\n    id paused priority concurrency\n    rateLimit { jobs perMs }\n  }\n"): (typeof documents)["\n  fragment BatchFlow on Batch {\n    id paused priority concurrency\n    rateLimit { jobs perMs }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PauseBatch($id: ID!) {\n    pauseBatch(id: $id) { ...BatchFlow status done }\n  }\n"): (typeof documents)["\n  mutation PauseBatch($id: ID!) {\n    pauseBatch(id: $id) { ...BatchFlow status done }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResumeBatch($id: ID!) {\n    resumeBatch(id: $id) { ...BatchFlow status done }\n  }\n"): (typeof documents)["\n  mutation ResumeBatch($id: ID!) {\n    resumeBatch(id: $id) { ...BatchFlow status done }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetBatchConcurrency($id: ID!, $concurrency: Int!) {\n    setBatchConcurrency(id: $id, concurrency: $concurrency) {\n      __typename\n      ... on SetBatchConcurrencySuccess { batch { ...BatchFlow } }\n      ... on InvalidInputError { field message }\n    }\n  }\n"): (typeof documents)["\n  mutation SetBatchConcurrency($id: ID!, $concurrency: Int!) {\n    setBatchConcurrency(id: $id, concurrency: $concurrency) {\n      __typename\n      ... on SetBatchConcurrencySuccess { batch { ...BatchFlow } }\n      ... on InvalidInputError { field message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BatchDetail($id: ID!, $first: Int, $after: String, $status: JobStatus) {\n    batch(id: $id) {\n      ...BatchSummary\n      timeoutMs\n      maxAttempts\n      etaMs\n      autoReroute\n      runAt\n      schedule { id name }\n      ...BatchFlow\n      diagnosis { mistagged suggestedTag verdict blockedMsPerJob workerBusyRatio measuredJobs }\n      failures { code message count sampleJobId examples }\n      jobs(first: $first, after: $after, status: $status) {\n        totalCount\n        pageInfo { hasNextPage endCursor }\n        edges { cursor node { id index status attempts executor waitMs runMs result error { code message } } }\n      }\n    }\n  }\n"): (typeof documents)["\n  query BatchDetail($id: ID!, $first: Int, $after: String, $status: JobStatus) {\n    batch(id: $id) {\n      ...BatchSummary\n      timeoutMs\n      maxAttempts\n      etaMs\n      autoReroute\n      runAt\n      schedule { id name }\n      ...BatchFlow\n      diagnosis { mistagged suggestedTag verdict blockedMsPerJob workerBusyRatio measuredJobs }\n      failures { code message count sampleJobId examples }\n      jobs(first: $first, after: $after, status: $status) {\n        totalCount\n        pageInfo { hasNextPage endCursor }\n        edges { cursor node { id index status attempts executor waitMs runMs result error { code message } } }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription BatchDetailProgress($id: ID!) {\n    batchProgress(id: $id) {\n      seq batchId status total throughput wallMs etaMs done\n      counts { ...BatchCounts }\n      batch { ...BatchFlow }\n    }\n  }\n"): (typeof documents)["\n  subscription BatchDetailProgress($id: ID!) {\n    batchProgress(id: $id) {\n      seq batchId status total throughput wallMs etaMs done\n      counts { ...BatchCounts }\n      batch { ...BatchFlow }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelBatch($id: ID!) {\n    cancelBatch(id: $id) { id status done counts { ...BatchCounts } }\n  }\n"): (typeof documents)["\n  mutation CancelBatch($id: ID!) {\n    cancelBatch(id: $id) { id status done counts { ...BatchCounts } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RetryFailed($batchId: ID!) {\n    retryFailed(batchId: $batchId) { id status done counts { ...BatchCounts } }\n  }\n"): (typeof documents)["\n  mutation RetryFailed($batchId: ID!) {\n    retryFailed(batchId: $batchId) { id status done counts { ...BatchCounts } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteBatch($id: ID!) {\n    deleteBatch(id: $id) {\n      __typename\n      ... on DeleteBatchSuccess { batchId }\n      ... on BatchNotFinishedError { message status }\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteBatch($id: ID!) {\n    deleteBatch(id: $id) {\n      __typename\n      ... on DeleteBatchSuccess { batchId }\n      ... on BatchNotFinishedError { message status }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BatchThroughput($id: ID!) {\n    batch(id: $id) { id throughputSeries { widthMs points { at completed } } }\n  }\n"): (typeof documents)["\n  query BatchThroughput($id: ID!) {\n    batch(id: $id) { id throughputSeries { widthMs points { at completed } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment BatchSummary on Batch {\n    id name task tag status done total\n    counts { ...BatchCounts }\n    route { executor concurrency rule reason lane phases { phase executor concurrency } }\n    createdAt startedAt finishedAt wallMs throughput\n  }\n"): (typeof documents)["\n  fragment BatchSummary on Batch {\n    id name task tag status done total\n    counts { ...BatchCounts }\n    route { executor concurrency rule reason lane phases { phase executor concurrency } }\n    createdAt startedAt finishedAt wallMs throughput\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BatchesList($first: Int, $after: String, $status: BatchStatus, $task: String, $tag: JobTag, $search: String, $includeComparisonRuns: Boolean) {\n    batches(\n      first: $first\n      after: $after\n      status: $status\n      task: $task\n      tag: $tag\n      search: $search\n      includeComparisonRuns: $includeComparisonRuns\n    ) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { cursor node { ...BatchSummary } }\n    }\n    tasks { name }\n  }\n"): (typeof documents)["\n  query BatchesList($first: Int, $after: String, $status: BatchStatus, $task: String, $tag: JobTag, $search: String, $includeComparisonRuns: Boolean) {\n    batches(\n      first: $first\n      after: $after\n      status: $status\n      task: $task\n      tag: $tag\n      search: $search\n      includeComparisonRuns: $includeComparisonRuns\n    ) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { cursor node { ...BatchSummary } }\n    }\n    tasks { name }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription BatchesLive {\n    laneMetrics {\n      seq\n      activeBatches { id status total throughput counts { ...BatchCounts } }\n    }\n  }\n"): (typeof documents)["\n  subscription BatchesLive {\n    laneMetrics {\n      seq\n      activeBatches { id status total throughput counts { ...BatchCounts } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CompareSetup {\n    tasks { ...TaskDetail }\n  }\n"): (typeof documents)["\n  query CompareSetup {\n    tasks { ...TaskDetail }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ComparisonRunFields on ComparisonRun {\n    executor concurrency chunkSize label status wallMs throughput speedup idealSpeedup efficiency cpuMs peakRssMb eventLoopP99Ms errors\n    mainLoopLongestBlockMs mainLoopUtilization jobsBlockedMs workerUtilization\n    batch { id }\n  }\n"): (typeof documents)["\n  fragment ComparisonRunFields on ComparisonRun {\n    executor concurrency chunkSize label status wallMs throughput speedup idealSpeedup efficiency cpuMs peakRssMb eventLoopP99Ms errors\n    mainLoopLongestBlockMs mainLoopUtilization jobsBlockedMs workerUtilization\n    batch { id }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ComparisonFields on Comparison {\n    id name task tag total status verdict error createdAt finishedAt\n    strategies { executor concurrency chunkSize }\n    runs { ...ComparisonRunFields }\n    current { id total counts { ...BatchCounts } }\n  }\n"): (typeof documents)["\n  fragment ComparisonFields on Comparison {\n    id name task tag total status verdict error createdAt finishedAt\n    strategies { executor concurrency chunkSize }\n    runs { ...ComparisonRunFields }\n    current { id total counts { ...BatchCounts } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CompareStrategies($input: CompareStrategiesInput!) {\n    compareStrategies(input: $input) {\n      __typename\n      ... on CompareStrategiesSuccess { comparison { id } }\n      ...SubmitFailure\n    }\n  }\n"): (typeof documents)["\n  mutation CompareStrategies($input: CompareStrategiesInput!) {\n    compareStrategies(input: $input) {\n      __typename\n      ... on CompareStrategiesSuccess { comparison { id } }\n      ...SubmitFailure\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Comparison($id: ID!) {\n    comparison(id: $id) { ...ComparisonFields }\n  }\n"): (typeof documents)["\n  query Comparison($id: ID!) {\n    comparison(id: $id) { ...ComparisonFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ComparisonFull($id: ID!) {\n    comparison(id: $id) {\n      ...ComparisonFields\n      runs { ...ComparisonRunFields timeline { index slot startMs endMs status } }\n    }\n  }\n"): (typeof documents)["\n  query ComparisonFull($id: ID!) {\n    comparison(id: $id) {\n      ...ComparisonFields\n      runs { ...ComparisonRunFields timeline { index slot startMs endMs status } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ComparisonProgress($id: ID!) {\n    comparisonProgress(id: $id) { ...ComparisonFields }\n  }\n"): (typeof documents)["\n  subscription ComparisonProgress($id: ID!) {\n    comparisonProgress(id: $id) { ...ComparisonFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelComparison($id: ID!) {\n    cancelComparison(id: $id) { id status finishedAt }\n  }\n"): (typeof documents)["\n  mutation CancelComparison($id: ID!) {\n    cancelComparison(id: $id) { id status finishedAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Comparisons($first: Int, $after: String) {\n    comparisons(first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        cursor\n        node {\n          id name task tag total status createdAt finishedAt\n          strategies { executor concurrency chunkSize }\n          runs { executor concurrency chunkSize label wallMs throughput status }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Comparisons($first: Int, $after: String) {\n    comparisons(first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        cursor\n        node {\n          id name task tag total status createdAt finishedAt\n          strategies { executor concurrency chunkSize }\n          runs { executor concurrency chunkSize label wallMs throughput status }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DecisionTable {\n    decisionTable { id tag when executor concurrency lane why batchesRouted }\n  }\n"): (typeof documents)["\n  query DecisionTable {\n    decisionTable { id tag when executor concurrency lane why batchesRouted }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Failures($filter: FailedJobsFilter, $first: Int, $after: String) {\n    failureGroups(filter: $filter) { code message count sampleJobId examples }\n    failedJobs(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        cursor\n        task\n        node { id batchId index status attempts finishedAt error { code message } }\n      }\n    }\n    tasks { name }\n  }\n"): (typeof documents)["\n  query Failures($filter: FailedJobsFilter, $first: Int, $after: String) {\n    failureGroups(filter: $filter) { code message count sampleJobId examples }\n    failedJobs(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        cursor\n        task\n        node { id batchId index status attempts finishedAt error { code message } }\n      }\n    }\n    tasks { name }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RetryJobs($filter: FailedJobsFilter!) { retryJobs(filter: $filter) { jobs batches } }\n"): (typeof documents)["\n  mutation RetryJobs($filter: FailedJobsFilter!) { retryJobs(filter: $filter) { jobs batches } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelJobs($filter: FailedJobsFilter!) { cancelJobs(filter: $filter) { jobs batches } }\n"): (typeof documents)["\n  mutation CancelJobs($filter: FailedJobsFilter!) { cancelJobs(filter: $filter) { jobs batches } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query JobDetail($id: ID!) {\n    job(id: $id) {\n      id batchId index status input result\n      error { code message stack }\n      attempts attemptsInBudget maxAttempts executor\n      queuedAt startedAt finishedAt waitMs runMs progress progressMessage\n      logs { at level message }\n      logsDropped\n      history {\n        attempt status executor worker queuedAt startedAt finishedAt waitMs runMs\n        error { code message stack }\n      }\n      batch { id name task tag status route { lane executor concurrency } }\n    }\n  }\n"): (typeof documents)["\n  query JobDetail($id: ID!) {\n    job(id: $id) {\n      id batchId index status input result\n      error { code message stack }\n      attempts attemptsInBudget maxAttempts executor\n      queuedAt startedAt finishedAt waitMs runMs progress progressMessage\n      logs { at level message }\n      logsDropped\n      history {\n        attempt status executor worker queuedAt startedAt finishedAt waitMs runMs\n        error { code message stack }\n      }\n      batch { id name task tag status route { lane executor concurrency } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription JobBatchProgress($id: ID!) {\n    batchProgress(id: $id) { seq done counts { ...BatchCounts } }\n  }\n"): (typeof documents)["\n  subscription JobBatchProgress($id: ID!) {\n    batchProgress(id: $id) { seq done counts { ...BatchCounts } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RetryJob($id: ID!) { retryJob(id: $id) { id status attempts attemptsInBudget finishedAt } }\n"): (typeof documents)["\n  mutation RetryJob($id: ID!) { retryJob(id: $id) { id status attempts attemptsInBudget finishedAt } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelJob($id: ID!) { cancelJob(id: $id) { id status finishedAt } }\n"): (typeof documents)["\n  mutation CancelJob($id: ID!) { cancelJob(id: $id) { id status finishedAt } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ApiKeyFields on ApiKey { id role label createdAt lastUsedAt revokedAt }\n"): (typeof documents)["\n  fragment ApiKeyFields on ApiKey { id role label createdAt lastUsedAt revokedAt }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApiKeys { apiKeys { ...ApiKeyFields } }\n"): (typeof documents)["\n  query ApiKeys { apiKeys { ...ApiKeyFields } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateApiKey($role: Role!, $label: String) {\n    createApiKey(role: $role, label: $label) { key apiKey { ...ApiKeyFields } }\n  }\n"): (typeof documents)["\n  mutation CreateApiKey($role: Role!, $label: String) {\n    createApiKey(role: $role, label: $label) { key apiKey { ...ApiKeyFields } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeApiKey($id: ID!) { revokeApiKey(id: $id) }\n"): (typeof documents)["\n  mutation RevokeApiKey($id: ID!) { revokeApiKey(id: $id) }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment OverviewStats on EngineStats {\n    seq\n    at\n    lanes {\n      lane\n      executor\n      inFlight\n      limit\n      demand\n      queued\n      throughput\n      history { at completed }\n      waitP50\n      waitP95\n      runP50\n      runP95\n      utilization\n    }\n    eventLoop { delayP50Ms delayP99Ms delayMaxMs utilization }\n    totals { ...BatchCounts }\n    storage { bytes oldestBatchAt retention }\n    activeBatches {\n      id name task tag status total\n      counts { ...BatchCounts }\n      route { lane executor concurrency }\n      throughput\n      createdAt\n    }\n  }\n"): (typeof documents)["\n  fragment OverviewStats on EngineStats {\n    seq\n    at\n    lanes {\n      lane\n      executor\n      inFlight\n      limit\n      demand\n      queued\n      throughput\n      history { at completed }\n      waitP50\n      waitP95\n      runP50\n      runP95\n      utilization\n    }\n    eventLoop { delayP50Ms delayP99Ms delayMaxMs utilization }\n    totals { ...BatchCounts }\n    storage { bytes oldestBatchAt retention }\n    activeBatches {\n      id name task tag status total\n      counts { ...BatchCounts }\n      route { lane executor concurrency }\n      throughput\n      createdAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OverviewEngineStats($allTeams: Boolean) { engineStats(allTeams: $allTeams) { ...OverviewStats } }\n"): (typeof documents)["\n  query OverviewEngineStats($allTeams: Boolean) { engineStats(allTeams: $allTeams) { ...OverviewStats } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription OverviewLaneMetrics($allTeams: Boolean) { laneMetrics(allTeams: $allTeams) { ...OverviewStats } }\n"): (typeof documents)["\n  subscription OverviewLaneMetrics($allTeams: Boolean) { laneMetrics(allTeams: $allTeams) { ...OverviewStats } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OverviewLaneHistory($range: HistoryRange!) {\n    laneHistory(range: $range) { resolutionMs buckets { lane at succeeded failed timedOut } }\n  }\n"): (typeof documents)["\n  query OverviewLaneHistory($range: HistoryRange!) {\n    laneHistory(range: $range) { resolutionMs buckets { lane at succeeded failed timedOut } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ScheduleFields on Schedule {\n    id name cron timezone overlap paused task itemCount nextRunAt lastRunAt skippedRuns createdAt\n    batches(first: 5) { totalCount edges { node { id status runAt } } }\n  }\n"): (typeof documents)["\n  fragment ScheduleFields on Schedule {\n    id name cron timezone overlap paused task itemCount nextRunAt lastRunAt skippedRuns createdAt\n    batches(first: 5) { totalCount edges { node { id status runAt } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SchedulesList($first: Int, $after: String) {\n    schedules(first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { ...ScheduleFields } }\n    }\n    tasks { name example }\n  }\n"): (typeof documents)["\n  query SchedulesList($first: Int, $after: String) {\n    schedules(first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { ...ScheduleFields } }\n    }\n    tasks { name example }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription SchedulesLive {\n    laneMetrics { seq activeBatches { id status } }\n  }\n"): (typeof documents)["\n  subscription SchedulesLive {\n    laneMetrics { seq activeBatches { id status } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateSchedule($input: CreateScheduleInput!) {\n    createSchedule(input: $input) {\n      __typename\n      ... on CreateScheduleSuccess { schedule { ...ScheduleFields } }\n      ... on Error { ...SubmitFailure }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateSchedule($input: CreateScheduleInput!) {\n    createSchedule(input: $input) {\n      __typename\n      ... on CreateScheduleSuccess { schedule { ...ScheduleFields } }\n      ... on Error { ...SubmitFailure }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PauseSchedule($id: ID!) { pauseSchedule(id: $id) { ...ScheduleFields } }\n"): (typeof documents)["\n  mutation PauseSchedule($id: ID!) { pauseSchedule(id: $id) { ...ScheduleFields } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResumeSchedule($id: ID!) { resumeSchedule(id: $id) { ...ScheduleFields } }\n"): (typeof documents)["\n  mutation ResumeSchedule($id: ID!) { resumeSchedule(id: $id) { ...ScheduleFields } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteSchedule($id: ID!) { deleteSchedule(id: $id) }\n"): (typeof documents)["\n  mutation DeleteSchedule($id: ID!) { deleteSchedule(id: $id) }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SubmitTasks { tasks { ...TaskDetail } }\n"): (typeof documents)["\n  query SubmitTasks { tasks { ...TaskDetail } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TaskDetail on Task { name kind description timeoutMs inputSchema example }\n"): (typeof documents)["\n  fragment TaskDetail on Task { name kind description timeoutMs inputSchema example }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SubmitBatch($input: SubmitBatchInput!) {\n    submitBatch(input: $input) {\n      __typename\n      ... on SubmitBatchSuccess { batch { id } }\n      ...SubmitFailure\n    }\n  }\n"): (typeof documents)["\n  mutation SubmitBatch($input: SubmitBatchInput!) {\n    submitBatch(input: $input) {\n      __typename\n      ... on SubmitBatchSuccess { batch { id } }\n      ...SubmitFailure\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WorkerFields on Worker {\n    id host pid version slots busy jobsDone state gone lastSeenAt startedAt rssMb heapUsedMb eventLoopDelayMs\n  }\n"): (typeof documents)["\n  fragment WorkerFields on Worker {\n    id host pid version slots busy jobsDone state gone lastSeenAt startedAt rssMb heapUsedMb eventLoopDelayMs\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Workers { workers { ...WorkerFields } }\n"): (typeof documents)["\n  query Workers { workers { ...WorkerFields } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription WorkersChanged { workersChanged { ...WorkerFields } }\n"): (typeof documents)["\n  subscription WorkersChanged { workersChanged { ...WorkerFields } }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;