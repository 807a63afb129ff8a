"""Writing content. `operations` holds the steps (versions, slugs, links, texts, publication, revisions),
`editor` a content type's write rules, one module per type declares them, and `actions` runs them for REST and
GraphQL alike."""
