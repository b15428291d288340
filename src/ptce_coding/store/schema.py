"""The schema of coding.sqlite. Bump SCHEMA_VERSION and add a migration for every change."""

SCHEMA_VERSION = 5

_SCHEMA = """
CREATE TABLE cases (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    attributes TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    source TEXT,
    format TEXT NOT NULL,
    encoding TEXT,
    text TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    words INTEGER NOT NULL,
    attributes TEXT NOT NULL DEFAULT '{}',
    table_attributes TEXT NOT NULL DEFAULT '{}',
    imported_at TEXT NOT NULL
);
CREATE TABLE segments (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    speaker TEXT,
    interviewer INTEGER NOT NULL DEFAULT 0,
    time REAL,
    words INTEGER NOT NULL,
    UNIQUE (document_id, position),
    CHECK (start >= 0 AND "end" > start)
);
CREATE TABLE codings (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    code TEXT NOT NULL,
    coder TEXT NOT NULL,
    method TEXT NOT NULL CHECK (method IN ('manual', 'rule', 'model', 'import')),
    status TEXT NOT NULL CHECK (status IN ('suggested', 'accepted', 'rejected')),
    confidence REAL,
    evidence TEXT,
    memo TEXT,
    codebook_version TEXT,
    created_at TEXT NOT NULL,
    reviewed_by TEXT,
    reviewed_at TEXT,
    CHECK (start >= 0 AND "end" > start)
);
CREATE INDEX codings_by_document ON codings (document_id, code);
CREATE INDEX codings_by_method ON codings (method, status);
CREATE TABLE codebook_versions (
    version TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    content TEXT NOT NULL,
    first_seen TEXT NOT NULL
);
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    command TEXT NOT NULL,
    action TEXT NOT NULL,
    details TEXT NOT NULL DEFAULT '{}'
);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
"""

_MEMOS = """
CREATE TABLE memos (
    id INTEGER PRIMARY KEY,
    target_kind TEXT NOT NULL
        CHECK (target_kind IN ('project', 'code', 'document', 'case', 'coding')),
    target TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL,
    author TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX memos_by_target ON memos (target_kind, target);
"""

# v3: a title line before the first speaker label is marked (corpus/counting.py); the next
# import derives the marks of documents imported before
_TITLES = "ALTER TABLE segments ADD COLUMN title INTEGER NOT NULL DEFAULT 0;"

# v4: who decided is the coder. An accepted suggestion belongs to its reviewer (coder); the
# machine coder that suggested it (rules, model) is kept in suggested_by, with its method,
# evidence and confidence. Suggestions accepted before v4 are given to their reviewer. A
# second coder's own decision on a suggestion another coder decided (blind double review) is
# a row of its own whose origin is the suggestion's id.
_DECIDERS = """
ALTER TABLE codings ADD COLUMN suggested_by TEXT;
ALTER TABLE codings ADD COLUMN origin INTEGER;
UPDATE codings SET suggested_by = coder, coder = reviewed_by
    WHERE method IN ('rule', 'model') AND status = 'accepted' AND reviewed_by IS NOT NULL;
"""

# v5: a coding's id is never given to another coding. Without AUTOINCREMENT, SQLite gives a
# new row the largest id + 1, so the ids of the suggestions `code` replaced came back on new
# ones: an event, a review sheet or a page naming coding 200 then named another coding. The
# table is made again with AUTOINCREMENT, and its counter starts above every id the event log
# names, deleted codings' included.
_STABLE_IDS = """
CREATE TABLE codings_v5 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    code TEXT NOT NULL,
    coder TEXT NOT NULL,
    method TEXT NOT NULL CHECK (method IN ('manual', 'rule', 'model', 'import')),
    status TEXT NOT NULL CHECK (status IN ('suggested', 'accepted', 'rejected')),
    confidence REAL,
    evidence TEXT,
    memo TEXT,
    codebook_version TEXT,
    created_at TEXT NOT NULL,
    reviewed_by TEXT,
    reviewed_at TEXT,
    suggested_by TEXT,
    origin INTEGER,
    CHECK (start >= 0 AND "end" > start)
);
INSERT INTO codings_v5 (id, document_id, start, "end", code, coder, method, status, confidence,
    evidence, memo, codebook_version, created_at, reviewed_by, reviewed_at, suggested_by, origin)
SELECT id, document_id, start, "end", code, coder, method, status, confidence, evidence, memo,
    codebook_version, created_at, reviewed_by, reviewed_at, suggested_by, origin FROM codings;
DROP TABLE codings;
ALTER TABLE codings_v5 RENAME TO codings;
CREATE INDEX codings_by_document ON codings (document_id, code);
CREATE INDEX codings_by_method ON codings (method, status);
INSERT INTO sqlite_sequence (name, seq) SELECT 'codings', 0
    WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'codings');
UPDATE sqlite_sequence SET seq = max(
    seq,
    coalesce((SELECT max(id) FROM codings), 0),
    coalesce((
        SELECT max(max(
            coalesce(CAST(json_extract(details, '$.coding') AS INTEGER), 0),
            coalesce(CAST(json_extract(details, '$.suggestion') AS INTEGER), 0),
            coalesce(CAST(json_extract(details, '$.decision') AS INTEGER), 0)
        )) FROM events WHERE json_valid(details)
    ), 0)
) WHERE name = 'codings';
"""

# The whole schema of a new store, and the steps from each older version to the next.
SCHEMA = _SCHEMA + _MEMOS + _TITLES + _DECIDERS + _STABLE_IDS
MIGRATIONS = {1: _MEMOS, 2: _TITLES, 3: _DECIDERS, 4: _STABLE_IDS}
