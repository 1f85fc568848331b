package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/store/internal/sqlstore"
)

// Errors of Open, wrapped with the schema and the cause; test them with
// errors.Is.
var (
	// ErrForeignSchema: the schema holds tables named like vpos's that vpos
	// did not create (another application's transactions table, another
	// migration tool's schema_migrations).
	ErrForeignSchema = errors.New("vpos/postgres: the schema holds another application's tables")
	// ErrNewerSchema: a newer version of vpos migrated the schema; this
	// binary does not know it.
	ErrNewerSchema = errors.New("vpos/postgres: the database schema is newer than this program")
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

var migrations = func() []sqlstore.Migration {
	ms, err := sqlstore.LoadMigrations(migrationFiles, "migrations")
	if err != nil {
		panic("vpos/postgres: embedded migrations: " + err.Error())
	}
	return ms
}()

// SchemaVersion is the schema version this package creates and uses.
var SchemaVersion = len(migrations)

// migrationLock is the pg_advisory_xact_lock key that serialises
// migrations in a database ("vpos" in ASCII).
const migrationLock = 0x76706f73

type config struct {
	schema string
	now    func() time.Time
}

// Option configures Open.
type Option func(*config)

// WithSchema keeps the tables in the named schema, creating it when
// missing: every connection of the pool gets search_path set to it.
// Without it the tables go to the first existing schema of the DSN's
// search_path (normally public).
func WithSchema(name string) Option { return func(c *config) { c.schema = name } }

// WithClock sets the clock that stamps CreatedAt and UpdatedAt (default
// time.Now, the app server's clock; keep servers in NTP sync).
func WithClock(now func() time.Time) Option { return func(c *config) { c.now = now } }

// Store is a vpos.Store in PostgreSQL, safe for many processes at once.
// All methods are safe for concurrent use.
type Store struct {
	pool   *pgxpool.Pool
	now    func() time.Time
	schema string
}

var _ vpos.Store = (*Store)(nil)

// Open connects to the database of dsn (a URL or key=value string as
// pgxpool.ParseConfig reads it, pool settings such as pool_max_conns
// included), checks the schema and applies the missing migrations, one
// process at a time (pg_advisory_xact_lock). It fails with a clear error for
// a malformed DSN, an unreachable server or database, ErrForeignSchema and
// ErrNewerSchema.
func Open(ctx context.Context, dsn string, opts ...Option) (*Store, error) {
	cfg := config{now: time.Now}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.now == nil {
		return nil, errors.New("vpos/postgres: open: nil clock")
	}
	pc, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("vpos/postgres: open: malformed DSN: %w", err)
	}
	if cfg.schema != "" {
		pc.ConnConfig.RuntimeParams["search_path"] = pgx.Identifier{cfg.schema}.Sanitize()
	}
	pool, err := pgxpool.NewWithConfig(ctx, pc)
	if err != nil {
		return nil, fmt.Errorf("vpos/postgres: open: %w", err)
	}
	s := &Store{pool: pool, now: cfg.now, schema: cfg.schema}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("vpos/postgres: open: cannot connect to %s: %w", where(pc.ConnConfig), err)
	}
	if err := s.migrate(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return s, nil
}

func where(c *pgx.ConnConfig) string {
	return fmt.Sprintf("%s:%d database %q as %q", c.Host, c.Port, c.Database, c.User)
}

// Close closes the pool.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// migrate checks and migrates the current schema under the advisory lock.
func (s *Store) migrate(ctx context.Context) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("vpos/postgres: open: %w", err)
	}
	defer tx.Rollback(ctx)
	fail := func(err error) error { return fmt.Errorf("vpos/postgres: open: migrate: %w", err) }
	if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", int64(migrationLock)); err != nil {
		return fail(err)
	}
	if s.schema != "" {
		if _, err := tx.Exec(ctx, "CREATE SCHEMA IF NOT EXISTS "+pgx.Identifier{s.schema}.Sanitize()); err != nil {
			return fail(err)
		}
	}
	var schema *string
	if err := tx.QueryRow(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
		return fail(err)
	}
	if schema == nil {
		return errors.New("vpos/postgres: open: the search_path names no existing schema: create one or use WithSchema")
	}
	// What is there already?
	rows, err := tx.Query(ctx, `SELECT table_name, array_agg(column_name::text ORDER BY column_name)
		FROM information_schema.columns WHERE table_schema = $1
		AND table_name IN ('schema_migrations', 'transactions', 'transaction_events') GROUP BY table_name`, *schema)
	if err != nil {
		return fail(err)
	}
	tables := map[string][]string{}
	for rows.Next() {
		var name string
		var cols []string
		if err := rows.Scan(&name, &cols); err != nil {
			rows.Close()
			return fail(err)
		}
		tables[name] = cols
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fail(err)
	}
	if cols, ok := tables["schema_migrations"]; ok && !slices.Equal(cols, []string{"applied_at", "name", "version"}) {
		return fmt.Errorf("%w: schema %q: schema_migrations has the columns (%s), not vpos's (version, name, applied_at)",
			ErrForeignSchema, *schema, strings.Join(cols, ", "))
	}
	if _, ok := tables["schema_migrations"]; !ok {
		for _, t := range []string{"transactions", "transaction_events"} {
			if _, ok := tables[t]; ok {
				return fmt.Errorf("%w: schema %q has a %s table but no vpos schema_migrations; use another schema (WithSchema)", ErrForeignSchema, *schema, t)
			}
		}
	}
	if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
	version    integer     PRIMARY KEY,
	name       text        NOT NULL,
	applied_at timestamptz NOT NULL DEFAULT now()
)`); err != nil {
		return fail(err)
	}
	rows, err = tx.Query(ctx, "SELECT version, name FROM schema_migrations ORDER BY version")
	if err != nil {
		return fail(err)
	}
	applied, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (sqlstore.Applied, error) {
		var a sqlstore.Applied
		err := r.Scan(&a.Version, &a.Name)
		return a, err
	})
	if err != nil {
		return fail(err)
	}
	pending, err := sqlstore.Pending(migrations, applied)
	if err != nil {
		var se *sqlstore.SchemaError
		if errors.As(err, &se) && se.Newer {
			return fmt.Errorf("%w: schema %q: %v", ErrNewerSchema, *schema, err)
		}
		return fmt.Errorf("vpos/postgres: open: schema %q: %w", *schema, err)
	}
	for _, m := range pending {
		if _, err := tx.Exec(ctx, m.SQL); err != nil {
			return fmt.Errorf("vpos/postgres: open: migration %d (%s): %w", m.Version, m.Name, err)
		}
		if _, err := tx.Exec(ctx, "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", m.Version, m.Name); err != nil {
			return fail(err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return fail(err)
	}
	return nil
}

// micro rounds t down to PostgreSQL's microsecond.
func micro(t time.Time) time.Time { return t.Truncate(time.Microsecond) }

// ceilMicro rounds t up to the microsecond: for the microsecond times
// stored, created_at >= t and created_at < t hold exactly when they hold
// for ceilMicro(t).
func ceilMicro(t time.Time) time.Time {
	if m := t.Truncate(time.Microsecond); !m.Equal(t) {
		return m.Add(time.Microsecond)
	}
	return t.Round(0)
}

func fromDB(t time.Time) time.Time { return t.UTC() }

func eventArrays(evs []vpos.Event) []any {
	at := make([]pgtype.Timestamptz, len(evs))
	kind, status, ret, code, detail := make([]string, len(evs)), make([]string, len(evs)), make([]string, len(evs)), make([]string, len(evs)), make([]string, len(evs))
	for i, e := range evs {
		if !e.Time.IsZero() {
			at[i] = pgtype.Timestamptz{Time: micro(e.Time), Valid: true}
		}
		kind[i], status[i], ret[i], code[i], detail[i] = string(e.Kind), string(e.Status), string(e.Return), e.BankCode, e.Detail
	}
	return []any{at, kind, status, ret, code, detail}
}

// eventsFrom is the unnest of eventArrays at placeholder n and on, with
// ordinality ord (1, 2, ...).
func eventsFrom(n int) string {
	ph := make([]string, 6)
	types := []string{"timestamptz[]", "text[]", "text[]", "text[]", "text[]", "text[]"}
	for i := range ph {
		ph[i] = "$" + strconv.Itoa(n+i) + "::" + types[i]
	}
	return "unnest(" + strings.Join(ph, ", ") + ") WITH ORDINALITY AS e(at, kind, status, return_code, bank_code, detail, ord)"
}

// fail wraps err with the operation, preferring the context's error when
// the context ended.
func fail(ctx context.Context, op string, err error) error {
	if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) {
		return fmt.Errorf("vpos/postgres: %s: %w (%v)", op, cerr, err)
	}
	return fmt.Errorf("vpos/postgres: %s: %w", op, err)
}

func uniqueViolation(err error) (constraint string, ok bool) {
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "23505" {
		return pe.ConstraintName, true
	}
	return "", false
}

// Create implements vpos.Store: the record and its events in one
// statement.
func (s *Store) Create(ctx context.Context, t *vpos.Transaction) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	now := micro(s.now())
	id, created := t.ID, micro(t.CreatedAt)
	if id == "" {
		id = vpos.NewID()
	}
	if created.IsZero() {
		created = now
	}
	rec := *t
	rec.ID = id
	args := append(sqlstore.InsertArgs(&rec), created, now, int64(len(t.Events)))
	ph := make([]string, len(args))
	for i := range ph {
		ph[i] = "$" + strconv.Itoa(i+1)
	}
	args = append(args, eventArrays(t.Events)...)
	q := "WITH t AS (INSERT INTO transactions (" + sqlstore.InsertColumns + ") VALUES (" + strings.Join(ph, ", ") + ") RETURNING pk) " +
		"INSERT INTO transaction_events (" + sqlstore.EventInsertColumns + ") SELECT t.pk, e.ord, e.at, e.kind, e.status, e.return_code, e.bank_code, e.detail FROM t, " +
		eventsFrom(len(ph)+1)
	if _, err := s.pool.Exec(ctx, q, args...); err != nil {
		if c, ok := uniqueViolation(err); ok {
			if c == "transactions_id" {
				return fmt.Errorf("vpos/postgres: create: id %q is taken: %w", id, vpos.ErrStoreDuplicate)
			}
			return fmt.Errorf("vpos/postgres: create %s/%s order %s %s %d: %w", t.Company, t.POS, t.OrderID, t.Op, t.Seq, vpos.ErrStoreDuplicate)
		}
		return fail(ctx, "create", err)
	}
	t.ID, t.CreatedAt, t.UpdatedAt = id, created, now
	return nil
}

// Update implements vpos.Store: UPDATE ... WHERE id = $ AND status = $ (and
// the key unchanged) with the events, then the history, in one implicit
// transaction (one round trip). The UPDATE takes the row lock: of servers
// racing one transition, one matches and the others find the new status.
func (s *Store) Update(ctx context.Context, t *vpos.Transaction, expect vpos.TxStatus, events ...vpos.Event) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	now := micro(s.now())
	args := append(sqlstore.UpdateArgs(t), now, int64(len(events)), t.ID, string(expect), t.Company, t.POS, t.OrderID, string(t.Op), int64(t.Seq))
	var set strings.Builder
	for i, c := range sqlstore.UpdateColumns {
		fmt.Fprintf(&set, "%s = $%d, ", c, i+1)
	}
	n := len(sqlstore.UpdateColumns)
	q := fmt.Sprintf("WITH u AS (UPDATE transactions SET %supdated_at = $%d, n_events = n_events + $%d "+
		"WHERE id = $%d AND status = $%d AND company = $%d AND pos = $%d AND order_id = $%d AND op = $%d AND seq = $%d "+
		"RETURNING pk, n_events, created_at), "+
		"ins AS (INSERT INTO transaction_events ("+sqlstore.EventInsertColumns+") "+
		"SELECT u.pk, u.n_events - $%d + e.ord, e.at, e.kind, e.status, e.return_code, e.bank_code, e.detail FROM u, %s) "+
		"SELECT created_at FROM u",
		set.String(), n+1, n+2, n+3, n+4, n+5, n+6, n+7, n+8, n+9, n+2, eventsFrom(n+10))
	args = append(args, eventArrays(events)...)
	b := &pgx.Batch{}
	b.Queue(q, args...)
	b.Queue("SELECT e.seq, e.kind, e.status, e.return_code, e.bank_code, e.detail, e.at FROM transaction_events e "+
		"JOIN transactions t ON t.pk = e.tx_pk WHERE t.id = $1 ORDER BY e.seq", t.ID)
	br := s.pool.SendBatch(ctx, b)
	var created time.Time
	err := br.QueryRow().Scan(&created)
	if errors.Is(err, pgx.ErrNoRows) {
		br.Close()
		return s.refused(ctx, t, expect)
	}
	if err != nil {
		br.Close()
		return fail(ctx, "update", err)
	}
	rows, err := br.Query()
	if err != nil {
		br.Close()
		return fail(ctx, "update", err)
	}
	all, err := collectEvents(rows)
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fail(ctx, "update", err)
	}
	t.CreatedAt, t.UpdatedAt, t.Events = fromDB(created), now, all
	return nil
}

// refused tells why an Update matched no row.
func (s *Store) refused(ctx context.Context, t *vpos.Transaction, expect vpos.TxStatus) error {
	var status string
	err := s.pool.QueryRow(ctx, "SELECT status FROM transactions WHERE id = $1", t.ID).Scan(&status)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return fmt.Errorf("vpos/postgres: update %s: %w", t.ID, vpos.ErrStoreNotFound)
	case err != nil:
		return fail(ctx, "update", err)
	case status != string(expect):
		return fmt.Errorf("vpos/postgres: update %s from %s: %w", t.ID, expect, vpos.ErrStoreConflict)
	}
	return errors.New("vpos/postgres: update: the record's key (company, POS, order id, op, seq) may not change")
}

func collectEvents(rows pgx.Rows) ([]vpos.Event, error) {
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (vpos.Event, error) {
		var e sqlstore.Event
		var at *time.Time
		if err := r.Scan(append(e.Dest(), &at)...); err != nil {
			return vpos.Event{}, err
		}
		return e.Event(atTime(at)), nil
	})
}

func atTime(at *time.Time) time.Time {
	if at == nil {
		return time.Time{}
	}
	return fromDB(*at)
}

// AddEvent implements vpos.Store: one statement that numbers the event
// under the record's row lock.
func (s *Store) AddEvent(ctx context.Context, id string, ev vpos.Event) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	var at pgtype.Timestamptz
	if !ev.Time.IsZero() {
		at = pgtype.Timestamptz{Time: micro(ev.Time), Valid: true}
	}
	tag, err := s.pool.Exec(ctx, "WITH u AS (UPDATE transactions SET n_events = n_events + 1 WHERE id = $1 RETURNING pk, n_events) "+
		"INSERT INTO transaction_events ("+sqlstore.EventInsertColumns+") SELECT u.pk, u.n_events, $2, $3, $4, $5, $6, $7 FROM u",
		append([]any{id, at}, sqlstore.EventArgs(&ev)...)...)
	if err != nil {
		return fail(ctx, "add event", err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("vpos/postgres: add event to %s: %w", id, vpos.ErrStoreNotFound)
	}
	return nil
}

// read runs one SELECT of records (where and args select them, newestFirst
// orders them, limit caps them when positive) joined with their events: one
// statement, one snapshot. The events join is LATERAL with OFFSET 0 (which
// keeps the planner from flattening it), so that the events of the records
// found are read by primary key even before the planner has statistics; a
// hash join would scan every event.
func (s *Store) read(ctx context.Context, op, where string, args []any, newestFirst bool, limit int) (*sqlstore.Assembler, error) {
	dir := "ASC"
	if newestFirst {
		dir = "DESC"
	}
	// The inner query orders only to cut a page: without a limit, sorting
	// the few rows found is cheaper than letting the order pick the index.
	page := ""
	if limit > 0 {
		page = " ORDER BY created_at " + dir + ", pk " + dir + " LIMIT " + strconv.Itoa(limit)
	}
	query := "WITH t AS MATERIALIZED (SELECT " + sqlstore.TxColumns + " FROM transactions" + where + page + ") SELECT " + sqlstore.Qualified("t", sqlstore.TxColumns) + ", " +
		sqlstore.EventColumns + " FROM t LEFT JOIN LATERAL (SELECT * FROM transaction_events WHERE tx_pk = t.pk OFFSET 0) e ON true" +
		" ORDER BY t.created_at " + dir + ", t.pk " + dir + ", e.seq"
	rows, err := s.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, fail(ctx, op, err)
	}
	defer rows.Close()
	var a sqlstore.Assembler
	var rec sqlstore.Record
	var ev sqlstore.Event
	var created, updated time.Time
	var at *time.Time
	dest := append(append(rec.Dest(), &created, &updated), append(ev.Dest(), &at)...)
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, fail(ctx, op, err)
		}
		a.Add(sqlstore.Cursor{At: created.UnixMicro(), PK: rec.PK}, &rec, fromDB(created), fromDB(updated), &ev, atTime(at))
	}
	if err := rows.Err(); err != nil {
		return nil, fail(ctx, op, err)
	}
	return &a, nil
}

// Get implements vpos.Store.
func (s *Store) Get(ctx context.Context, id string) (*vpos.Transaction, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	a, err := s.read(ctx, "get", " WHERE id = $1", []any{id}, false, 0)
	if err != nil {
		return nil, err
	}
	if len(a.Txs) == 0 {
		return nil, fmt.Errorf("vpos/postgres: get %q: %w", id, vpos.ErrStoreNotFound)
	}
	return a.Txs[0], nil
}

// FindOrder implements vpos.Store.
func (s *Store) FindOrder(ctx context.Context, company, pos, orderID string) ([]*vpos.Transaction, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	a, err := s.read(ctx, "find order", " WHERE company = $1 AND pos = $2 AND order_id = $3", []any{company, pos, orderID}, false, 0)
	if err != nil {
		return nil, err
	}
	return a.Txs, nil
}

// FindBankID implements vpos.Store. An empty bank transaction id finds
// nothing.
func (s *Store) FindBankID(ctx context.Context, company, pos, bankTransactionID string) ([]*vpos.Transaction, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if bankTransactionID == "" {
		return nil, nil
	}
	a, err := s.read(ctx, "find bank id", " WHERE company = $1 AND pos = $2 AND bank_transaction_id = $3 AND bank_transaction_id <> ''",
		[]any{company, pos, bankTransactionID}, false, 0)
	if err != nil {
		return nil, err
	}
	return a.Txs, nil
}

// List implements vpos.Store. The cursor is a keyset position (creation
// time and row number of the last record returned): pages stay stable while
// records are added.
func (s *Store) List(ctx context.Context, f vpos.ListFilter) ([]*vpos.Transaction, string, error) {
	if err := ctx.Err(); err != nil {
		return nil, "", err
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	var after *sqlstore.Cursor
	var cursorAt any
	if f.Cursor != "" {
		c, err := sqlstore.ParseCursor(f.Cursor)
		if err != nil {
			return nil, "", fmt.Errorf("vpos/postgres: list: %w %q", err, f.Cursor)
		}
		after, cursorAt = &c, time.UnixMicro(c.At)
	}
	q := sqlstore.Query{Dollar: true, RowValues: true}
	where := q.Where(&f, func(t time.Time) any { return ceilMicro(t) }, after, cursorAt)
	a, err := s.read(ctx, "list", where, q.Args, true, limit+1)
	if err != nil {
		return nil, "", err
	}
	if len(a.Txs) <= limit {
		return a.Txs, "", nil
	}
	return a.Txs[:limit], a.Keys[limit-1].String(), nil
}
