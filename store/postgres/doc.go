// Package postgres is a vpos.Store in PostgreSQL, on jackc/pgx/v5
// (pgxpool), for ERPs that run several application servers against one
// database: a 3-D Secure callback may land on any of them.
//
//	store, err := postgres.Open(ctx, "postgres://vpos@db.internal:5432/erp?sslmode=verify-full",
//		postgres.WithSchema("vpos"))
//	if err != nil {
//		return err
//	}
//	defer store.Close()
//	client, err := nestpay.Open(cfg, &vpos.Options{Company: "ACME", POS: "isbank", Store: store})
//
// # Many servers at once
//
// The unique constraint transactions_key on (company, pos, order_id, op,
// seq) keeps two servers from claiming one operation of an order: the
// second Create waits for the first to commit and fails with
// vpos.ErrStoreDuplicate. Update is a compare-and-swap, UPDATE ... WHERE
// id = $1 AND status = $2: the UPDATE takes the row lock, so of servers
// racing one transition (pending3d -> approved when a callback is delivered
// twice) exactly one matches; the others re-check the row after the
// winner commits, find the new status and fail with vpos.ErrStoreConflict.
// Every write is one statement or one implicit transaction: a record and
// its events are stored together or not at all. AddEvent numbers events
// under the same row lock.
//
// # Durability
//
// A write returns after PostgreSQL committed it, which with the server's
// default synchronous_commit = on means the write-ahead log reached the
// disk (and, with synchronous replication configured, a standby).
//
// # Schema
//
// The schema (migrations/*.sql, embedded) is versioned and forward-only.
// Open applies the missing migrations in one transaction holding
// pg_advisory_xact_lock, so servers starting together migrate once, and
// records each in schema_migrations. The tables (transactions,
// transaction_events, schema_migrations) live in the schema of WithSchema
// (created when missing) or else in the first existing schema of the
// search_path. Open refuses a schema holding another application's tables of
// those names (ErrForeignSchema) or one migrated by a newer vpos
// (ErrNewerSchema), and names the server and database when it cannot
// connect. Pool settings come from the DSN (pool_max_conns=20, ...).
//
// Amounts are bigint; times are timestamptz, which keeps microseconds:
// CreatedAt, UpdatedAt and event times are rounded down to the microsecond
// (Create and Update report the stored values back in their argument) and
// come back in UTC; an event's zero time is stored as NULL and comes back
// zero. Text must be valid UTF-8 without NUL bytes (PostgreSQL's text).
package postgres
