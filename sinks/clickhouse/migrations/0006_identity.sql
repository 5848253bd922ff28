-- identity: cross-channel identity resolution (package identity). The resolver keeps its
-- graph in memory and writes every change here; on start-up it rebuilds from
-- identity_edges and person_accounts. All tables are ReplacingMergeTree on a version the
-- resolver increases with every write, so read them with FINAL (or argMax by version).
--
-- identity_edges: one row per (account pair, rule): the evidence that two accounts are
-- the same person, or (rule operator_apart) an operator's order that they are not.
CREATE TABLE IF NOT EXISTS lingting.identity_edges
(
    a           String                  COMMENT 'One account (accounts.id); a < b',
    b           String                  COMMENT 'The other account (accounts.id)',
    rule        LowCardinality(String)  COMMENT 'unionid | pii_phone | pii_email | declared_handle | nickname | operator_apart',
    score       Float32                 COMMENT 'Match score in [0, 1]; 1 for deterministic rules',
    evidence    String                  COMMENT 'What matched, without personal data (hash prefixes, handles, normalised nicknames)',
    observed_at DateTime64(3, 'UTC')    COMMENT 'When the evidence was first observed (mention time)',
    state       LowCardinality(String)  COMMENT 'active (joins a person) | blocked (a conflict or pin kept it out) | revoked (ambiguous, or split by an operator)',
    reason      String                  COMMENT 'Why blocked or revoked; empty when active',
    version     UInt64                  COMMENT 'Resolver write version; the newest row of (a, b, rule) wins',
    updated_at  DateTime64(3, 'UTC') DEFAULT now64(3) COMMENT 'When the row reached ClickHouse'
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (a, b, rule)
COMMENT 'Identity match edges with rule, evidence and state; one row per (a, b, rule) after FINAL';

-- person_accounts: one row per account: which person it belongs to now, and the features
-- the resolver matches on. Mentions reach their person by joining author_id = account_id
-- (see the view mention_persons), so a merge or split never rewrites mentions.
CREATE TABLE IF NOT EXISTS lingting.person_accounts
(
    account_id  String                  COMMENT 'accounts.id: platform:native_id',
    person_id   String                  COMMENT 'The person the account belongs to now',
    platform    LowCardinality(String)  COMMENT 'weibo | douyin | wecom',
    nicknames   Array(String)           COMMENT 'Every nickname seen for the account, oldest first',
    union_id    String                  COMMENT 'Platform cross-app id (WeCom unionid, Douyin union_id); empty when unknown',
    pii         Array(String)           COMMENT 'kind:keyed-hash of personal data found in the account''s mentions (never the data)',
    hours       Array(UInt32)           COMMENT 'Mentions per hour of day (Beijing time), 24 buckets',
    mentions    UInt64                  COMMENT 'Mentions observed by the resolver',
    first_seen  DateTime64(3, 'UTC')    COMMENT 'Earliest mention time observed',
    last_seen   DateTime64(3, 'UTC')    COMMENT 'Latest mention time observed',
    version     UInt64                  COMMENT 'Resolver write version; the newest row wins',
    updated_at  DateTime64(3, 'UTC') DEFAULT now64(3) COMMENT 'When the row reached ClickHouse'
)
ENGINE = ReplacingMergeTree(version)
ORDER BY account_id
COMMENT 'Account to person mapping with the matching features; one row per account after FINAL';

-- persons: one row per person id ever issued. A person keeps its id while its founding
-- account stays in it; an id absorbed by a merge is retired (state merged, merged_into).
CREATE TABLE IF NOT EXISTS lingting.persons
(
    person_id     String                  COMMENT 'Stable person id: P + 16 hex digits derived from its founding account',
    state         LowCardinality(String)  COMMENT 'active | merged (absorbed into merged_into) | empty (all its accounts left)',
    merged_into   String                  COMMENT 'The surviving person of a merge; empty otherwise',
    founder       String                  COMMENT 'The account whose id the person id derives from',
    accounts      Array(String)           COMMENT 'Accounts of the person now (empty unless active)',
    platforms     Array(String)           COMMENT 'Distinct platforms of those accounts',
    first_seen    DateTime64(3, 'UTC')    COMMENT 'Earliest first_seen of its accounts',
    last_seen     DateTime64(3, 'UTC')    COMMENT 'Latest last_seen of its accounts',
    version       UInt64                  COMMENT 'Resolver write version; the newest row wins',
    updated_at    DateTime64(3, 'UTC') DEFAULT now64(3) COMMENT 'When the row reached ClickHouse'
)
ENGINE = ReplacingMergeTree(version)
ORDER BY person_id
COMMENT 'Persons across channels; one row per person id after FINAL (retired ids kept with state merged)';

-- identity_changes: the log of merges, splits and operator orders, for audit.
CREATE TABLE IF NOT EXISTS lingting.identity_changes
(
    at          DateTime64(3, 'UTC')    COMMENT 'When the resolver made the change',
    change      LowCardinality(String)  COMMENT 'merge | split | pin_apart | detach',
    person_id   String                  COMMENT 'The surviving (merge) or original (split) person',
    other_id    String                  COMMENT 'The absorbed (merge) or new (split) person; empty for pin_apart',
    account_id  String                  COMMENT 'The account the change concerns, when one does',
    rule        LowCardinality(String)  COMMENT 'The rule of the edge that caused a merge; operator for operator orders',
    detail      String                  COMMENT 'Human-readable detail (evidence, operator note)',
    version     UInt64                  COMMENT 'Resolver write version'
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (person_id, version, change, other_id, account_id)
COMMENT 'Audit log of identity merges, splits and operator orders';

-- profiles: the per-person customer profile and SCRM segments, recomputed by
-- identity.RefreshProfiles from mentions and person_accounts (definitions in docs/identity.md).
CREATE TABLE IF NOT EXISTS lingting.profiles
(
    person_id          String                         COMMENT 'persons.person_id',
    platforms          Array(String)                  COMMENT 'Channels the person appears on',
    accounts           Array(String)                  COMMENT 'Accounts of the person',
    first_seen         DateTime64(3, 'UTC')           COMMENT 'Earliest mention',
    last_seen          DateTime64(3, 'UTC')           COMMENT 'Latest mention',
    mentions           UInt64                         COMMENT 'Mentions in total',
    mentions_weibo     UInt64                         COMMENT 'Mentions on Weibo',
    mentions_douyin    UInt64                         COMMENT 'Mentions on Douyin',
    mentions_wecom     UInt64                         COMMENT 'WeCom chat messages and customer events',
    sentiment_avg      Float32                        COMMENT 'Average sentiment score in [-1, 1] over all mentions',
    sentiment_recent   Float32                        COMMENT 'Average sentiment score over the recent window (default 7 days before last_seen)',
    brands             Array(String)                  COMMENT 'Brands the person discussed',
    engagement_tier    LowCardinality(String)         COMMENT 'silent_observer | occasional_participant | deep_participant',
    loyalty_stage      LowCardinality(String)         COMMENT 'potential | regular | loyal | member',
    advocate_score     Float32                        COMMENT 'Positive brand mentions plus weighted shares, in [0, 1]',
    churn_risk         Float32                        COMMENT 'Churn risk in [0, 1] from WeCom deletions, falling sentiment and silence',
    churn_signals      Array(String)                  COMMENT 'Which churn signals fired: deleted | falling_sentiment | silent',
    computed_at        DateTime64(3, 'UTC')           COMMENT 'When the profile was computed; version column: the newest wins'
)
ENGINE = ReplacingMergeTree(computed_at)
ORDER BY person_id
COMMENT 'Customer profiles with SCRM segments; one row per person after FINAL';

-- mention_persons: every mention with the person its author belongs to now.
CREATE VIEW IF NOT EXISTS lingting.mention_persons
AS SELECT m.id AS mention_id, m.author_id AS account_id, p.person_id AS person_id
FROM lingting.mentions AS m FINAL
INNER JOIN (SELECT account_id, argMax(person_id, version) AS person_id FROM lingting.person_accounts GROUP BY account_id) AS p
ON m.author_id = p.account_id
COMMENT 'Mentions joined to their author''s current person (mention_id, account_id, person_id)';
