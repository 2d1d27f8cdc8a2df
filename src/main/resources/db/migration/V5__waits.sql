-- Durable waits: a step waiting for an agent's callback or for a signal.
--
-- The step's row says that it waits, for what and until when; the rendezvous of the waiting step
-- with its callback or signal is Camel's aggregator over a JdbcAggregationRepository named
-- caravan_waits (these two tables are that repository's, in the layout camel-sql expects: the
-- pending parts by correlation key, and completed rendezvous not yet confirmed, for recovery).
-- See docs/state.md, "Waits".

ALTER TABLE step_executions ADD COLUMN waiting_for VARCHAR(200);
ALTER TABLE step_executions ADD COLUMN wait_deadline TIMESTAMP WITH TIME ZONE;

CREATE TABLE caravan_waits (
    id       VARCHAR(255) NOT NULL PRIMARY KEY,
    exchange BYTEA        NOT NULL,
    version  BIGINT       NOT NULL
);

CREATE TABLE caravan_waits_completed (
    id       VARCHAR(255) NOT NULL PRIMARY KEY,
    exchange BYTEA        NOT NULL,
    version  BIGINT       NOT NULL
);

-- Secrets every node of one database shares: the key that signs callback URLs.
CREATE TABLE caravan_keys (
    name  VARCHAR(100) NOT NULL PRIMARY KEY,
    secret VARCHAR(200) NOT NULL
);
