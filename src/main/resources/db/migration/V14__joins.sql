-- Joins of parallel branches: the branches of a parallel step (or of a group of independent
-- steps) arrive at their join, an aggregator over a JdbcAggregationRepository named caravan_joins
-- (routes/joins.yaml). These two tables are that repository's, in the layout camel-sql expects:
-- joins still waiting for branches by correlation key (<runId>:<joinKey>), and completed joins not
-- yet confirmed, for recovery. See docs/state.md, "Joins".

CREATE TABLE caravan_joins (
    id       VARCHAR(255) NOT NULL PRIMARY KEY,
    exchange BYTEA        NOT NULL,
    version  BIGINT       NOT NULL
);

CREATE TABLE caravan_joins_completed (
    id       VARCHAR(255) NOT NULL PRIMARY KEY,
    exchange BYTEA        NOT NULL,
    version  BIGINT       NOT NULL
);
