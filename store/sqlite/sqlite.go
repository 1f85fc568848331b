package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/store/internal/sqlstore"
)

// ApplicationID is the SQLite application_id of a vpos database ("vpos"):
// Open refuses files that carry another one.
const ApplicationID = 0x76706f73

// Errors of Open. They are wrapped with the path and the cause; test them
// with errors.Is.
var (
	// ErrNotDatabase: the file is not an SQLite database (another kind of
	// file, an encrypted database, or a damaged header).
	ErrNotDatabase = errors.New("vpos/sqlite: not an SQLite database")
	// ErrCorrupt: the file is an SQLite database whose content is damaged.
	ErrCorrupt = errors.New("vpos/sqlite: the database file is corrupt")
	// ErrForeignDatabase: an SQLite database of another application.
	ErrForeignDatabase = errors.New("vpos/sqlite: not a vpos database")
	// ErrNewerSchema: a newer version of vpos migrated the database; this
	// binary does not know its schema.
	ErrNewerSchema = errors.New("vpos/sqlite: the database schema is newer than this program")
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

var migrations = func() []sqlstore.Migration {
	ms, err := sqlstore.LoadMigrations(migrationFiles, "migrations")
	if err != nil {
		panic("vpos/sqlite: embedded migrations: " + err.Error())
	}
	return ms
}()

// SchemaVersion is the schema version this package creates and uses.
var SchemaVersion = len(migrations)

// Synchronous is SQLite's synchronous setting: when commits reach the disk.
type Synchronous string

// The synchronous settings Open accepts (WAL mode).
const (
	// SynchronousFull (the default) syncs the write-ahead log at every
	// commit: a Create or Update that returned survives a process crash, an
	// operating system crash and a power loss.
	SynchronousFull Synchronous = "FULL"
	// SynchronousNormal syncs only at checkpoints: a commit survives a
	// process crash, but the last commits before an operating system crash
	// or a power loss may be rolled back (the database stays consistent).
	// Faster; choose it only when the bank's records can settle what a
	// power loss forgets.
	SynchronousNormal Synchronous = "NORMAL"
)

type config struct {
	sync        Synchronous
	busyTimeout time.Duration
	readConns   int
	now         func() time.Time
}

// Option configures Open.
type Option func(*config)

// WithSynchronous sets when commits reach the disk (default SynchronousFull).
func WithSynchronous(s Synchronous) Option { return func(c *config) { c.sync = s } }

// WithBusyTimeout sets how long a write waits for another process's write
// to finish before failing (default 10s).
func WithBusyTimeout(d time.Duration) Option { return func(c *config) { c.busyTimeout = d } }

// WithReadConns sets the number of connections that serve reads in
// parallel with the single writer (default 4; ignored for ":memory:").
func WithReadConns(n int) Option { return func(c *config) { c.readConns = n } }

// WithClock sets the clock that stamps CreatedAt and UpdatedAt (default
// time.Now).
func WithClock(now func() time.Time) Option { return func(c *config) { c.now = now } }

// Store is a vpos.Store in an SQLite database file. It is safe for
// concurrent use, and several processes may use one file: writes are
// serialised by SQLite's lock (BEGIN IMMEDIATE, waiting up to the busy
// timeout), reads run in parallel with them (WAL).
type Store struct {
	w, r *sql.DB // w: one connection, every write; r: reads (w for ":memory:")
	now  func() time.Time
	path string
}

var _ vpos.Store = (*Store)(nil)

// Open opens or creates the database at path and brings its schema up to
// date. ":memory:" opens a private in-memory database (one connection; for
// tests). The file gets WAL journaling, foreign keys on, the synchronous
// setting of WithSynchronous (FULL by default) and a busy timeout. Open
// fails with ErrNotDatabase, ErrCorrupt, ErrForeignDatabase or
// ErrNewerSchema (wrapped) when the file cannot be used; two processes may
// open a new file at once (the migration runs once, under BEGIN IMMEDIATE).
func Open(ctx context.Context, path string, opts ...Option) (*Store, error) {
	cfg := config{sync: SynchronousFull, busyTimeout: 10 * time.Second, readConns: 4, now: time.Now}
	for _, o := range opts {
		o(&cfg)
	}
	switch {
	case path == "":
		return nil, errors.New("vpos/sqlite: open: empty path")
	case cfg.sync != SynchronousFull && cfg.sync != SynchronousNormal:
		return nil, fmt.Errorf("vpos/sqlite: open: synchronous %q: want FULL or NORMAL", cfg.sync)
	case cfg.busyTimeout < 0:
		return nil, fmt.Errorf("vpos/sqlite: open: negative busy timeout %v", cfg.busyTimeout)
	case cfg.readConns < 1:
		return nil, fmt.Errorf("vpos/sqlite: open: %d read connections: want at least 1", cfg.readConns)
	case cfg.now == nil:
		return nil, errors.New("vpos/sqlite: open: nil clock")
	}
	memory := path == ":memory:"
	params := url.Values{}
	params.Add("_pragma", "busy_timeout("+strconv.FormatInt(cfg.busyTimeout.Milliseconds(), 10)+")")
	params.Add("_pragma", "foreign_keys(1)")
	params.Add("_pragma", "synchronous("+string(cfg.sync)+")")
	name := ":memory:"
	if !memory {
		// A file: URI, so that no character of the path is taken for a
		// parameter.
		name = "file:" + strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
	}
	s := &Store{now: cfg.now, path: path}
	var err error
	// Writes: one connection, every transaction BEGIN IMMEDIATE.
	if s.w, err = sql.Open("sqlite", name+"?"+params.Encode()+"&_txlock=immediate"); err != nil {
		return nil, s.openErr(err)
	}
	s.w.SetMaxOpenConns(1)
	s.w.SetMaxIdleConns(1)
	s.w.SetConnMaxLifetime(0)
	s.w.SetConnMaxIdleTime(0)
	if err := s.setupRetrying(ctx, memory, cfg.busyTimeout); err != nil {
		s.w.Close()
		return nil, s.openErr(err)
	}
	s.r = s.w
	if !memory {
		params.Add("_pragma", "query_only(1)")
		if s.r, err = sql.Open("sqlite", name+"?"+params.Encode()); err != nil {
			s.w.Close()
			return nil, s.openErr(err)
		}
		s.r.SetMaxOpenConns(cfg.readConns)
		s.r.SetMaxIdleConns(cfg.readConns)
	}
	return s, nil
}

// Close closes the database. It runs PRAGMA optimize first, as SQLite
// advises for long-lived connections.
func (s *Store) Close() error {
	_, _ = s.w.Exec("PRAGMA optimize")
	err := s.w.Close()
	if s.r != s.w {
		err = errors.Join(err, s.r.Close())
	}
	return err
}

// openErr names the path and classifies SQLite's verdict on the file.
func (s *Store) openErr(err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_NOTADB:
			return fmt.Errorf("%w: %s: %v", ErrNotDatabase, s.path, err)
		case sqlite3.SQLITE_CORRUPT:
			return fmt.Errorf("%w: %s: %v", ErrCorrupt, s.path, err)
		}
	}
	if strings.HasPrefix(err.Error(), "vpos/sqlite: ") {
		return err
	}
	return fmt.Errorf("vpos/sqlite: open %s: %w", s.path, err)
}

// setupRetrying is setup, retried while SQLite answers SQLITE_BUSY: when
// several processes open a new file at once, switching it to WAL can fail
// busy without waiting on the busy timeout.
func (s *Store) setupRetrying(ctx context.Context, memory bool, wait time.Duration) error {
	deadline := time.Now().Add(wait)
	for delay := 5 * time.Millisecond; ; delay = min(2*delay, 200*time.Millisecond) {
		err := s.setup(ctx, memory)
		var se *sqlite.Error
		if err == nil || !errors.As(err, &se) || se.Code()&0xff != sqlite3.SQLITE_BUSY || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(delay):
		}
	}
}

// setup checks that the file is a vpos database (or empty), switches it to
// WAL and migrates it.
func (s *Store) setup(ctx context.Context, memory bool) error {
	conn, err := s.w.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	// A first look before anything is written, so that a foreign file is
	// left untouched (journal_mode=WAL is written to the file).
	if err := identify(ctx, conn, s.path); err != nil {
		if !errors.Is(err, ErrForeignDatabase) {
			return err
		}
		// Another process may be creating this database at this very
		// moment: look again under the write lock, which waits for it
		// (and writes nothing, so a foreign file stays untouched).
		if err := identifyLocked(ctx, conn, s.path); err != nil {
			return err
		}
	}
	if !memory {
		var mode string
		if err := conn.QueryRowContext(ctx, "PRAGMA journal_mode = WAL").Scan(&mode); err != nil {
			return err
		}
		if !strings.EqualFold(mode, "wal") {
			return fmt.Errorf("vpos/sqlite: open %s: cannot use WAL (journal mode stays %q)", s.path, mode)
		}
	}
	return migrate(ctx, conn, s.path)
}

// identifyLocked is identify inside a BEGIN IMMEDIATE transaction that is
// rolled back.
func identifyLocked(ctx context.Context, conn *sql.Conn, path string) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return identify(ctx, tx, path)
}

// identify fails unless the database is a vpos database or a new one.
func identify(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, path string) error {
	var appID int64
	if err := q.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return err
	}
	if appID == ApplicationID {
		return nil
	}
	rows, err := q.QueryContext(ctx, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
	if err != nil {
		return err
	}
	defer rows.Close()
	var tables []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return err
		}
		tables = append(tables, n)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	switch {
	case appID != 0:
		return fmt.Errorf("%w: %s belongs to another application (application_id %#x)", ErrForeignDatabase, path, appID)
	case len(tables) > 0:
		if len(tables) > 5 {
			tables = append(tables[:5], "...")
		}
		return fmt.Errorf("%w: %s holds tables of another application (%s)", ErrForeignDatabase, path, strings.Join(tables, ", "))
	}
	return nil
}

// migrate applies the pending migrations in one BEGIN IMMEDIATE
// transaction: a second process opening the same file waits for it, then
// finds nothing to do.
func migrate(ctx context.Context, conn *sql.Conn, path string) error {
	tx, err := conn.BeginTx(ctx, nil) // BEGIN IMMEDIATE (_txlock)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := identify(ctx, tx, path); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
	version    INTEGER PRIMARY KEY,
	name       TEXT    NOT NULL,
	applied_at INTEGER NOT NULL
) STRICT`); err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, "SELECT version, name FROM schema_migrations ORDER BY version")
	if err != nil {
		return err
	}
	var applied []sqlstore.Applied
	for rows.Next() {
		var a sqlstore.Applied
		if err := rows.Scan(&a.Version, &a.Name); err != nil {
			rows.Close()
			return err
		}
		applied = append(applied, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	pending, err := sqlstore.Pending(migrations, applied)
	if err != nil {
		var se *sqlstore.SchemaError
		if errors.As(err, &se) && se.Newer {
			return fmt.Errorf("%w: %s: %v", ErrNewerSchema, path, err)
		}
		return fmt.Errorf("vpos/sqlite: open %s: %w", path, err)
	}
	if len(pending) == 0 {
		return nil
	}
	for _, m := range pending {
		if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
			return fmt.Errorf("vpos/sqlite: open %s: migration %d (%s): %w", path, m.Version, m.Name, err)
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
			m.Version, m.Name, time.Now().UnixNano()); err != nil {
			return err
		}
	}
	last := pending[len(pending)-1].Version
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d; PRAGMA user_version = %d", ApplicationID, last)); err != nil {
		return err
	}
	return tx.Commit()
}

// Times are stored as Unix nanoseconds, which cover the years 1678 to 2262.
var (
	minTime = time.Unix(0, -1<<63+1)
	maxTime = time.Unix(0, 1<<63-1)
)

func toNanos(t time.Time) (int64, error) {
	if t.Before(minTime) || t.After(maxTime) {
		return 0, fmt.Errorf("vpos/sqlite: time %v is out of range (1678 to 2262)", t)
	}
	return t.UnixNano(), nil
}

func fromNanos(n int64) time.Time { return time.Unix(0, n).UTC() }

// eventAt encodes an event time: NULL for the zero time.
func eventAt(t time.Time) (any, error) {
	if t.IsZero() {
		return nil, nil
	}
	return toNanos(t)
}

// fail wraps err with the operation, preferring the context's error when
// the context ended.
func fail(ctx context.Context, op string, err error) error {
	if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) {
		return fmt.Errorf("vpos/sqlite: %s: %w (%v)", op, cerr, err)
	}
	var se *sqlite.Error
	if errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_BUSY {
		return fmt.Errorf("vpos/sqlite: %s: the database stayed locked by another writer beyond the busy timeout: %w", op, err)
	}
	if strings.HasPrefix(err.Error(), "vpos/sqlite: ") {
		return err
	}
	return fmt.Errorf("vpos/sqlite: %s: %w", op, err)
}

func isUnique(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && (se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY)
}

// write runs fn in a write transaction (BEGIN IMMEDIATE).
func (s *Store) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

// insertEvents appends evs to the transaction pk, numbering them from
// first.
func insertEvents(ctx context.Context, tx *sql.Tx, pk, first int64, evs []vpos.Event) error {
	const chunk = 500
	for len(evs) > 0 {
		n := min(len(evs), chunk)
		var b strings.Builder
		b.WriteString("INSERT INTO transaction_events (" + sqlstore.EventInsertColumns + ") VALUES ")
		args := make([]any, 0, 8*n)
		for i := range evs[:n] {
			at, err := eventAt(evs[i].Time)
			if err != nil {
				return err
			}
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(?, ?, ?, ?, ?, ?, ?, ?)")
			args = append(append(args, pk, first+int64(i), at), sqlstore.EventArgs(&evs[i])...)
		}
		if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
			return err
		}
		evs, first = evs[n:], first+int64(n)
	}
	return nil
}

// Create implements vpos.Store.
func (s *Store) Create(ctx context.Context, t *vpos.Transaction) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	now := s.now()
	id, created := t.ID, t.CreatedAt
	if id == "" {
		id = vpos.NewID()
	}
	if created.IsZero() {
		created = now
	}
	createdNS, err := toNanos(created)
	if err != nil {
		return err
	}
	updatedNS, err := toNanos(now)
	if err != nil {
		return err
	}
	rec := *t
	rec.ID = id
	args := append(sqlstore.InsertArgs(&rec), createdNS, updatedNS, int64(len(t.Events)))
	err = s.write(ctx, func(tx *sql.Tx) error {
		var pk int64
		if err := tx.QueryRowContext(ctx, "INSERT INTO transactions ("+sqlstore.InsertColumns+") VALUES (?"+
			strings.Repeat(", ?", len(args)-1)+") RETURNING pk", args...).Scan(&pk); err != nil {
			return err
		}
		return insertEvents(ctx, tx, pk, 1, t.Events)
	})
	if err != nil {
		if isUnique(err) {
			if strings.Contains(err.Error(), "transactions.id") {
				return fmt.Errorf("vpos/sqlite: create: id %q is taken: %w", id, vpos.ErrStoreDuplicate)
			}
			return fmt.Errorf("vpos/sqlite: create %s/%s order %s %s %d: %w", t.Company, t.POS, t.OrderID, t.Op, t.Seq, vpos.ErrStoreDuplicate)
		}
		return fail(ctx, "create", err)
	}
	t.ID, t.CreatedAt, t.UpdatedAt = id, created, now
	return nil
}

// Update implements vpos.Store: one UPDATE ... WHERE id = ? AND status = ?
// (and the key unchanged) and the events, in one transaction.
func (s *Store) Update(ctx context.Context, t *vpos.Transaction, expect vpos.TxStatus, events ...vpos.Event) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	now := s.now()
	nowNS, err := toNanos(now)
	if err != nil {
		return err
	}
	var q strings.Builder
	q.WriteString("UPDATE transactions SET ")
	for i, c := range sqlstore.UpdateColumns {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString(c + " = ?")
	}
	q.WriteString(", updated_at = ?, n_events = n_events + ? WHERE id = ? AND status = ? AND company = ? AND pos = ? AND order_id = ? AND op = ? AND seq = ? RETURNING pk, n_events, created_at")
	args := append(sqlstore.UpdateArgs(t), nowNS, int64(len(events)), t.ID, string(expect), t.Company, t.POS, t.OrderID, string(t.Op), int64(t.Seq))
	var created int64
	var all []vpos.Event
	err = s.write(ctx, func(tx *sql.Tx) error {
		var pk, n int64
		err := tx.QueryRowContext(ctx, q.String(), args...).Scan(&pk, &n, &created)
		if errors.Is(err, sql.ErrNoRows) {
			var status string
			err := tx.QueryRowContext(ctx, "SELECT status FROM transactions WHERE id = ?", t.ID).Scan(&status)
			switch {
			case errors.Is(err, sql.ErrNoRows):
				return vpos.ErrStoreNotFound
			case err != nil:
				return err
			case status != string(expect):
				return vpos.ErrStoreConflict
			}
			return errors.New("vpos/sqlite: update: the record's key (company, POS, order id, op, seq) may not change")
		}
		if err != nil {
			return err
		}
		if err := insertEvents(ctx, tx, pk, n-int64(len(events))+1, events); err != nil {
			return err
		}
		all, err = s.events(ctx, tx, pk)
		return err
	})
	switch {
	case errors.Is(err, vpos.ErrStoreNotFound), errors.Is(err, vpos.ErrStoreConflict):
		return fmt.Errorf("vpos/sqlite: update %s from %s: %w", t.ID, expect, err)
	case err != nil:
		return fail(ctx, "update", err)
	}
	t.CreatedAt, t.UpdatedAt, t.Events = fromNanos(created), now, all
	return nil
}

// events returns the history of the transaction pk.
func (s *Store) events(ctx context.Context, tx *sql.Tx, pk int64) ([]vpos.Event, error) {
	rows, err := tx.QueryContext(ctx, "SELECT seq, kind, status, return_code, bank_code, detail, at FROM transaction_events WHERE tx_pk = ? ORDER BY seq", pk)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []vpos.Event
	for rows.Next() {
		var e sqlstore.Event
		var at *int64
		if err := rows.Scan(append(e.Dest(), &at)...); err != nil {
			return nil, err
		}
		out = append(out, e.Event(atTime(at)))
	}
	return out, rows.Err()
}

func atTime(at *int64) time.Time {
	if at == nil {
		return time.Time{}
	}
	return fromNanos(*at)
}

// AddEvent implements vpos.Store.
func (s *Store) AddEvent(ctx context.Context, id string, ev vpos.Event) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	err := s.write(ctx, func(tx *sql.Tx) error {
		var pk, n int64
		err := tx.QueryRowContext(ctx, "UPDATE transactions SET n_events = n_events + 1 WHERE id = ? RETURNING pk, n_events", id).Scan(&pk, &n)
		if errors.Is(err, sql.ErrNoRows) {
			return vpos.ErrStoreNotFound
		}
		if err != nil {
			return err
		}
		return insertEvents(ctx, tx, pk, n, []vpos.Event{ev})
	})
	if errors.Is(err, vpos.ErrStoreNotFound) {
		return fmt.Errorf("vpos/sqlite: add event to %s: %w", id, err)
	}
	if err != nil {
		return fail(ctx, "add event", err)
	}
	return nil
}

// read runs one SELECT of records (where and args select them, newestFirst
// orders them, limit caps them when positive) joined with their events: one
// statement, one consistent snapshot.
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
		sqlstore.EventColumns + " FROM t LEFT JOIN transaction_events e ON e.tx_pk = t.pk ORDER BY t.created_at " + dir +
		", t.pk " + dir + ", e.seq"
	rows, err := s.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fail(ctx, op, err)
	}
	defer rows.Close()
	var a sqlstore.Assembler
	var rec sqlstore.Record
	var ev sqlstore.Event
	var created, updated int64
	var at *int64
	dest := append(append(rec.Dest(), &created, &updated), append(ev.Dest(), &at)...)
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, fail(ctx, op, err)
		}
		a.Add(sqlstore.Cursor{At: created, PK: rec.PK}, &rec, fromNanos(created), fromNanos(updated), &ev, atTime(at))
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
	a, err := s.read(ctx, "get", " WHERE id = ?", []any{id}, false, 0)
	if err != nil {
		return nil, err
	}
	if len(a.Txs) == 0 {
		return nil, fmt.Errorf("vpos/sqlite: get %q: %w", id, vpos.ErrStoreNotFound)
	}
	return a.Txs[0], nil
}

// FindOrder implements vpos.Store.
func (s *Store) FindOrder(ctx context.Context, company, pos, orderID string) ([]*vpos.Transaction, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	a, err := s.read(ctx, "find order", " WHERE company = ? AND pos = ? AND order_id = ?", []any{company, pos, orderID}, false, 0)
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
	a, err := s.read(ctx, "find bank id", " WHERE company = ? AND pos = ? AND bank_transaction_id = ? AND bank_transaction_id <> ''",
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
	if f.Cursor != "" {
		c, err := sqlstore.ParseCursor(f.Cursor)
		if err != nil {
			return nil, "", fmt.Errorf("vpos/sqlite: list: %w %q", err, f.Cursor)
		}
		after = &c
	}
	at := func(t time.Time) any {
		// Bounds outside the storable range are clamped: no record lies
		// beyond them.
		switch {
		case t.Before(minTime):
			return int64(-1 << 63)
		case t.After(maxTime):
			return int64(1<<63 - 1)
		}
		return t.UnixNano()
	}
	var q sqlstore.Query
	var cursorAt any
	if after != nil {
		cursorAt = after.At
	}
	where := q.Where(&f, at, after, cursorAt)
	a, err := s.read(ctx, "list", where, q.Args, true, limit+1)
	if err != nil {
		return nil, "", err
	}
	if len(a.Txs) <= limit {
		return a.Txs, "", nil
	}
	return a.Txs[:limit], a.Keys[limit-1].String(), nil
}
