-- Runs and what their steps did. One schema for PostgreSQL and H2: plain SQL types only.
-- JSON values (params, outputs) are stored as text written by Jackson.

CREATE TABLE runs (
    run_id        VARCHAR(64)  NOT NULL PRIMARY KEY,
    workflow_id   VARCHAR(200) NOT NULL,
    workflow_name VARCHAR(500) NOT NULL,
    version       VARCHAR(100) NOT NULL,
    revision      INTEGER      NOT NULL,
    status        VARCHAR(16)  NOT NULL,
    params        VARCHAR      NOT NULL,
    start_time    TIMESTAMP WITH TIME ZONE NOT NULL,
    end_time      TIMESTAMP WITH TIME ZONE,
    error         VARCHAR
);

CREATE INDEX runs_newest_first ON runs (start_time DESC);
CREATE INDEX runs_by_status ON runs (status);
CREATE INDEX runs_by_workflow ON runs (workflow_id, start_time DESC);

-- One row per step key (a step, or one iteration of a step in a foreach or loop), replaced at
-- each transition; position keeps the order in which keys first appeared.
CREATE TABLE step_executions (
    run_id     VARCHAR(64)  NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
    step_key   VARCHAR(500) NOT NULL,
    position   INTEGER      NOT NULL,
    step_id    VARCHAR(200) NOT NULL,
    agent      VARCHAR(200),
    status     VARCHAR(16)  NOT NULL,
    output     VARCHAR,
    error      VARCHAR,
    attempts   INTEGER      NOT NULL,
    start_time TIMESTAMP WITH TIME ZONE,
    end_time   TIMESTAMP WITH TIME ZONE,
    instance   VARCHAR(1000),
    PRIMARY KEY (run_id, step_key)
);

-- What each on_failure hook of a failed run did.
CREATE TABLE run_hooks (
    run_id   VARCHAR(64)  NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
    position INTEGER      NOT NULL,
    hook     VARCHAR(500) NOT NULL,
    success  BOOLEAN      NOT NULL,
    error    VARCHAR,
    PRIMARY KEY (run_id, position)
);
