// Package sqlite is a vpos.Store in an SQLite database file, on
// modernc.org/sqlite (pure Go, no cgo). It is the default store of the CLI
// and the examples:
//
//	store, err := sqlite.Open(ctx, "/var/lib/erp/vpos.db")
//	if err != nil {
//		return err
//	}
//	defer store.Close()
//	client, err := nestpay.Open(cfg, &vpos.Options{Company: "ACME", POS: "isbank", Store: store})
//
// ":memory:" opens a private in-memory database for tests.
//
// # Durability
//
// The file uses WAL journaling with synchronous=FULL by default: the
// write-ahead log is synced to the disk at every commit, so a Create or
// Update that returned survives a crash of the process, of the operating
// system or of the power. This is the setting a payment record needs: the
// record of a money-moving call is written (status unknown) before the
// request goes to the bank, and losing it after a power cut would let the
// order be charged again. WithSynchronous(SynchronousNormal) syncs only at
// checkpoints: faster, still safe against process crashes, but the last
// commits before a power loss may be rolled back.
//
// # Concurrency
//
// All methods are safe for concurrent use, and several processes may share
// one file on a local disk (not a network file system). Writes go through
// one connection per Store and take SQLite's write lock with BEGIN
// IMMEDIATE, waiting up to the busy timeout (WithBusyTimeout, 10s) for
// another process's write; reads use a pool of read-only connections and
// do not wait for writers (WAL). Every write is one transaction: a record
// and its events are stored together or not at all. Create relies on the
// UNIQUE (company, pos, order_id, op, seq) constraint; Update is a
// compare-and-swap (UPDATE ... WHERE id = ? AND status = ?), so a 3-D Secure
// callback delivered to two processes completes once.
//
// # Schema
//
// The schema (migrations/*.sql, embedded) is versioned and forward-only:
// Open applies the missing migrations in one BEGIN IMMEDIATE transaction
// and records each in schema_migrations, so two processes opening a new
// file at once migrate it once. A vpos database carries the SQLite
// application_id ApplicationID. Open refuses, with a clear error, a file
// that is not an SQLite database (ErrNotDatabase), a damaged one
// (ErrCorrupt), another application's database (ErrForeignDatabase, left
// untouched) and a database migrated by a newer vpos (ErrNewerSchema).
//
// Tables: transactions (one row per record, the key and the indexes of the
// List filters) and transaction_events (the history, keyed by record and
// sequence number). Times are Unix nanoseconds, so CreatedAt and event times
// must lie between the years 1678 and 2262; an event's zero time is stored
// as NULL and comes back zero. Times come back in UTC.
package sqlite
