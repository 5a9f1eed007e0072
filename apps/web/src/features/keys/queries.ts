import { graphql } from '@/gql';

export const API_KEY_FIELDS_FRAGMENT = graphql(`
  fragment ApiKeyFields on ApiKey { id role label createdAt lastUsedAt revokedAt }
`);

export const API_KEYS_QUERY = graphql(`
  query ApiKeys { apiKeys { ...ApiKeyFields } }
`);

export const CREATE_API_KEY_MUTATION = graphql(`
  mutation CreateApiKey($role: Role!, $label: String) {
    createApiKey(role: $role, label: $label) { key apiKey { ...ApiKeyFields } }
  }
`);

export const REVOKE_API_KEY_MUTATION = graphql(`
  mutation RevokeApiKey($id: ID!) { revokeApiKey(id: $id) }
`);
