package postgres

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/store/storetest"
)

const dsnEnv = "VPOS_TEST_POSTGRES_DSN"

// testDSN returns the DSN of the test server or skips the test.
func testDSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv(dsnEnv)
	if dsn == "" {
		t.Skip("set VPOS_TEST_POSTGRES_DSN=postgres://postgres@127.0.0.1:5432/test?sslmode=disable to run the PostgreSQL store tests")
	}
	return dsn
}

// withParam returns dsn with a connection parameter added (URL or
// key=value form).
func withParam(t testing.TB, dsn, key, value string) string {
	t.Helper()
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err != nil {
			t.Fatal(err)
		}
		if key == "dbname" {
			u.Path = "/" + value
			return u.String()
		}
		q := u.Query()
		q.Set(key, value)
		u.RawQuery = q.Encode()
		return u.String()
	}
	return dsn + " " + key + "=" + value
}

// exec runs statements on a connection of its own.
func exec(t testing.TB, dsn string, stmts ...string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	defer conn.Close(ctx)
	for _, q := range stmts {
		if _, err := conn.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// freshSchema returns the name of a new, empty schema that is dropped
// when the test ends.
func freshSchema(t testing.TB, dsn string) string {
	t.Helper()
	name := "vpos_test_" + strings.ToLower(rand.Text()[:12])
	t.Cleanup(func() { exec(t, dsn, "DROP SCHEMA IF EXISTS "+name+" CASCADE") })
	return name
}

// newStore opens a store in a fresh schema, closed and dropped after the
// test.
func newStore(t testing.TB, opts ...Option) (*Store, string) {
	t.Helper()
	dsn := testDSN(t)
	schema := freshSchema(t, dsn)
	s, err := Open(context.Background(), dsn, append([]Option{WithSchema(schema)}, opts...)...)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s, schema
}

func TestStore(t *testing.T) {
	testDSN(t)
	storetest.Run(t, func(t *testing.T) vpos.Store {
		s, _ := newStore(t)
		return s
	})
}

// TestStoreTwoServers runs the suite against two pools on one schema, as
// two app servers use it: calls alternate between them.
func TestStoreTwoServers(t *testing.T) {
	dsn := testDSN(t)
	storetest.Run(t, func(t *testing.T) vpos.Store {
		a, schema := newStore(t)
		b, err := Open(t.Context(), dsn, WithSchema(schema))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { b.Close() })
		return storetest.RoundRobin(a, b)
	})
}

func TestOpenBadDSN(t *testing.T) {
	dsn := testDSN(t)
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	tests := []struct {
		name string
		dsn  string
		want string
	}{
		{"not a DSN", "postgres://user:sekret@[::1", "malformed DSN"},
		{"unknown parameter value", "postgres://postgres@127.0.0.1:5432/test?sslmode=sometimes", "malformed DSN"},
		{"nothing listens", "postgres://postgres@127.0.0.1:1/test?sslmode=disable&connect_timeout=5", `cannot connect to 127.0.0.1:1 database "test"`},
		{"no such database", withParam(t, dsn, "dbname", "vpos_no_such_db"), `database "vpos_no_such_db" does not exist`},
		{"no such user", withParam(t, dsn, "user", "vpos_no_such_user"), "vpos_no_such_user"},
	}
	for _, tt := range tests {
		s, err := Open(ctx, tt.dsn)
		if err == nil {
			s.Close()
			t.Errorf("%s: got nil error, want one containing %q", tt.name, tt.want)
			continue
		}
		t.Logf("%s: %v", tt.name, err)
		if !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "vpos/postgres: ") {
			t.Errorf("%s: got %q, want an error containing %q", tt.name, err, tt.want)
		}
		if strings.Contains(err.Error(), "sekret") {
			t.Errorf("%s: the error shows the password: %q", tt.name, err)
		}
	}
}

func TestOpenRefuses(t *testing.T) {
	dsn := testDSN(t)
	ctx := t.Context()
	tests := []struct {
		name     string
		setup    func(schema string) []string
		want     error
		contains string
	}{
		{"another application's transactions table", func(s string) []string {
			return []string{"CREATE SCHEMA " + s, "CREATE TABLE " + s + ".transactions (id serial, total numeric)"}
		}, ErrForeignSchema, "has a transactions table but no vpos schema_migrations"},
		{"another tool's schema_migrations", func(s string) []string {
			return []string{"CREATE SCHEMA " + s, "CREATE TABLE " + s + ".schema_migrations (version bigint PRIMARY KEY, dirty boolean NOT NULL)"}
		}, ErrForeignSchema, "schema_migrations has the columns (dirty, version)"},
		{"newer schema", func(s string) []string {
			return []string{fmt.Sprintf("INSERT INTO %s.schema_migrations (version, name) VALUES (%d, 'from_the_future')", s, SchemaVersion+1)}
		}, ErrNewerSchema, fmt.Sprintf("schema version %d is newer than this program knows (%d)", SchemaVersion+1, SchemaVersion)},
		{"different history", func(s string) []string {
			return []string{"UPDATE " + s + ".schema_migrations SET name = 'other' WHERE version = 1"}
		}, nil, `migration 1 is recorded as "other"`},
	}
	for _, tt := range tests {
		schema := freshSchema(t, dsn)
		if tt.want == ErrNewerSchema || tt.want == nil {
			s, err := Open(ctx, dsn, WithSchema(schema))
			if err != nil {
				t.Fatal(err)
			}
			s.Close()
		}
		exec(t, dsn, tt.setup(schema)...)
		s, err := Open(ctx, dsn, WithSchema(schema))
		if err == nil {
			s.Close()
			t.Errorf("%s: got nil error, want %v", tt.name, tt.want)
			continue
		}
		t.Logf("%s: %v", tt.name, err)
		if tt.want != nil && !errors.Is(err, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, err, tt.want)
		}
		if !strings.Contains(err.Error(), tt.contains) {
			t.Errorf("%s: got %q, want it to mention %q", tt.name, err, tt.contains)
		}
	}

	// A search_path naming no existing schema.
	s, err := Open(ctx, withParam(t, dsn, "search_path", "vpos_no_such_schema"))
	if err == nil {
		s.Close()
		t.Error("Open with a search_path of a missing schema: got nil error")
	} else if !strings.Contains(err.Error(), "search_path names no existing schema") {
		t.Errorf("Open with a search_path of a missing schema: got %v", err)
	}
}

func TestOpenConcurrently(t *testing.T) {
	dsn := testDSN(t)
	schema := freshSchema(t, dsn)
	const n = 8
	stores := make([]*Store, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			stores[i], errs[i] = Open(context.Background(), dsn, WithSchema(schema))
		})
	}
	close(start)
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Errorf("Open %d: %v", i, errs[i])
			continue
		}
		defer stores[i].Close()
	}
	if t.Failed() {
		return
	}
	var rows int
	if err := stores[0].pool.QueryRow(t.Context(), "SELECT count(*) FROM schema_migrations").Scan(&rows); err != nil || rows != SchemaVersion {
		t.Errorf("schema_migrations: got %d rows, %v; want %d", rows, err, SchemaVersion)
	}
}

func TestSchemaInSearchPath(t *testing.T) {
	// Without WithSchema the tables go to the DSN's search_path.
	dsn := testDSN(t)
	schema := freshSchema(t, dsn)
	exec(t, dsn, "CREATE SCHEMA "+schema)
	s, err := Open(t.Context(), withParam(t, dsn, "search_path", schema))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	tx := &vpos.Transaction{Company: "ACME", POS: "main", Op: vpos.OpSale, OrderID: "SIP-1"}
	if err := s.Create(t.Context(), tx); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := s.pool.QueryRow(t.Context(), "SELECT count(*) FROM "+schema+".transactions").Scan(&n); err != nil || n != 1 {
		t.Errorf("rows in %s.transactions: got %d, %v; want 1", schema, n, err)
	}
}

func TestNothingHalfWritten(t *testing.T) {
	ctx := t.Context()
	s, _ := newStore(t)
	// An event's text PostgreSQL refuses (a NUL byte) fails the statement
	// after the transaction row was inserted or updated.
	bad := vpos.Event{Kind: vpos.EventNote, Detail: "nul \x00 byte"}
	tx := &vpos.Transaction{Company: "ACME", POS: "main", Op: vpos.OpSale, OrderID: "SIP-1", Status: vpos.StatusUnknown,
		Events: []vpos.Event{{Kind: vpos.EventAttempt}, bad}}
	if err := s.Create(ctx, tx); err == nil {
		t.Fatal("Create with a NUL byte: got nil error")
	}
	if recs, err := s.FindOrder(ctx, "ACME", "main", "SIP-1"); err != nil || len(recs) != 0 {
		t.Fatalf("after the failed Create: got %d records, %v; want none", len(recs), err)
	}
	tx.Events = []vpos.Event{{Kind: vpos.EventAttempt}}
	if err := s.Create(ctx, tx); err != nil {
		t.Fatal(err)
	}
	want, _ := s.Get(ctx, tx.ID)
	upd := tx.Clone()
	upd.Status = vpos.StatusApproved
	if err := s.Update(ctx, upd, vpos.StatusUnknown, vpos.Event{Kind: vpos.EventResult}, bad); err == nil {
		t.Fatal("Update with a NUL byte: got nil error")
	}
	if err := s.AddEvent(ctx, tx.ID, bad); err == nil {
		t.Fatal("AddEvent with a NUL byte: got nil error")
	}
	got, _ := s.Get(ctx, tx.ID)
	if got.Status != want.Status || len(got.Events) != len(want.Events) || !got.UpdatedAt.Equal(want.UpdatedAt) {
		t.Errorf("after failed writes: got status %s, %d events; want %s, %d", got.Status, len(got.Events), want.Status, len(want.Events))
	}
	if err := s.AddEvent(ctx, tx.ID, vpos.Event{Kind: vpos.EventNote}); err != nil {
		t.Fatal(err)
	}
	var seq int
	if err := s.pool.QueryRow(ctx, "SELECT max(seq) FROM transaction_events").Scan(&seq); err != nil || seq != 2 {
		t.Errorf("last event number: got %d, %v; want 2", seq, err)
	}
}

func TestMicroseconds(t *testing.T) {
	ctx := t.Context()
	s, _ := newStore(t)
	at := time.Date(2026, 3, 14, 21, 0, 0, 123456789, time.UTC)
	tx := &vpos.Transaction{Company: "ACME", POS: "main", Op: vpos.OpSale, OrderID: "SIP-1", CreatedAt: at}
	if err := s.Create(ctx, tx); err != nil {
		t.Fatal(err)
	}
	if want := at.Truncate(time.Microsecond); !tx.CreatedAt.Equal(want) {
		t.Errorf("CreatedAt reported by Create: got %v, want %v", tx.CreatedAt, want)
	}
	tests := []struct {
		name     string
		from, to time.Time
		want     int
	}{
		{"from the stored microsecond", at.Truncate(time.Microsecond), time.Time{}, 1},
		{"from the given nanosecond", at, time.Time{}, 0},
		{"to the given nanosecond", time.Time{}, at, 1},
		{"to the stored microsecond", time.Time{}, at.Truncate(time.Microsecond), 0},
		{"to a nanosecond after", time.Time{}, at.Truncate(time.Microsecond).Add(time.Nanosecond), 1},
	}
	for _, tt := range tests {
		page, _, err := s.List(ctx, vpos.ListFilter{From: tt.from, To: tt.to})
		if err != nil || len(page) != tt.want {
			t.Errorf("%s: got %d records, %v; want %d", tt.name, len(page), err, tt.want)
		}
	}
}
