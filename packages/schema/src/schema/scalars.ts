import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import { builder } from '../builder.ts';

builder.addScalarType('JSON', JSONResolver);
builder.addScalarType('DateTime', DateTimeResolver);

builder.scalarType('File', {
  description: 'A file sent with the GraphQL multipart request spec.',
  serialize: () => {
    throw new Error('File is an input-only scalar');
  },
});
