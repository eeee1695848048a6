// SQLite schema migrations, applied in order; PRAGMA user_version records how many have run.
// Never edit a shipped migration: append a new one.
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    platform TEXT NOT NULL,
    user_id TEXT NOT NULL,
    display_name TEXT NOT NULL,
    last_question_id TEXT,
    last_asked_at INTEGER,
    UNIQUE (platform, user_id)
  );
  CREATE TABLE answers (
    id INTEGER PRIMARY KEY,
    user_ref INTEGER NOT NULL REFERENCES users(id),
    scope_id TEXT NOT NULL,
    question_id TEXT NOT NULL,
    section TEXT NOT NULL,
    round_key TEXT NOT NULL,
    round_id INTEGER REFERENCES rounds(id),
    choice INTEGER NOT NULL,
    correct INTEGER NOT NULL,
    answered_at INTEGER NOT NULL,
    UNIQUE (user_ref, question_id, round_key)
  );
  CREATE INDEX answers_by_scope_time ON answers (scope_id, answered_at);
  CREATE INDEX answers_by_round ON answers (round_id);
  CREATE TABLE weekly_schedules (
    scope_id TEXT PRIMARY KEY,
    platform TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    day INTEGER NOT NULL,
    time TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    questions INTEGER NOT NULL,
    duration_ms INTEGER NOT NULL,
    enabled INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE rounds (
    id INTEGER PRIMARY KEY,
    scope_id TEXT NOT NULL,
    platform TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    slot_key TEXT NOT NULL,
    question_ids TEXT NOT NULL,
    opens_at INTEGER NOT NULL,
    closes_at INTEGER NOT NULL,
    time_zone TEXT NOT NULL,
    week_key TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    closed_at INTEGER,
    UNIQUE (scope_id, slot_key)
  );
  CREATE INDEX rounds_open ON rounds (status);
  CREATE TABLE posted_messages (
    round_id INTEGER NOT NULL REFERENCES rounds(id),
    message_index INTEGER NOT NULL,
    platform TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    message_id TEXT,
    claimed_at INTEGER NOT NULL,
    PRIMARY KEY (round_id, message_index)
  );
  CREATE TABLE streaks (
    scope_id TEXT NOT NULL,
    user_ref INTEGER NOT NULL REFERENCES users(id),
    current INTEGER NOT NULL,
    best INTEGER NOT NULL,
    last_week TEXT NOT NULL,
    PRIMARY KEY (scope_id, user_ref)
  );
  `,
  // Platform events claimed by one bot process (Slack retries may reach another process).
  `
  CREATE TABLE event_claims (
    event_key TEXT PRIMARY KEY,
    expires_at INTEGER NOT NULL
  );
  CREATE INDEX event_claims_expiry ON event_claims (expires_at);
  `,
  // Who to tell when a weekly channel stops taking posts.
  `
  ALTER TABLE weekly_schedules ADD COLUMN set_by TEXT;
  ALTER TABLE rounds ADD COLUMN admin_user_id TEXT;
  `,
  // Step-through traces (deflated JSON) behind the ▶ Step through buttons, kept 24 hours.
  `
  CREATE TABLE step_runs (
    id TEXT PRIMARY KEY,
    trace BLOB NOT NULL,
    source_lines TEXT NOT NULL,
    python TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  );
  CREATE INDEX step_runs_expiry ON step_runs (expires_at);
  `,
];
