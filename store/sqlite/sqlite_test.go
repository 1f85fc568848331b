package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/store/storetest"
)

func openFile(t testing.TB, path string, opts ...Option) *Store {
	t.Helper()
	s, err := Open(context.Background(), path, opts...)
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

func TestStoreFile(t *testing.T) {
	storetest.Run(t, func(t *testing.T) vpos.Store {
		return openFile(t, filepath.Join(t.TempDir(), "vpos.db"))
	})
}

func TestStoreMemory(t *testing.T) {
	storetest.Run(t, func(t *testing.T) vpos.Store { return openFile(t, ":memory:") })
}

// TestStoreTwoProcesses runs the suite against two Stores on one file, as
// two processes use it (each has its own connections and takes SQLite's
// file locks): calls alternate between them.
func TestStoreTwoProcesses(t *testing.T) {
	storetest.Run(t, func(t *testing.T) vpos.Store {
		p := filepath.Join(t.TempDir(), "vpos.db")
		return storetest.RoundRobin(openFile(t, p), openFile(t, p))
	})
}

func TestStoreSynchronousNormal(t *testing.T) {
	storetest.Run(t, func(t *testing.T) vpos.Store {
		return openFile(t, filepath.Join(t.TempDir(), "vpos.db"), WithSynchronous(SynchronousNormal))
	})
}

func TestPragmas(t *testing.T) {
	tests := []struct {
		name     string
		path     string
		opts     []Option
		journal  string
		sync     int
		busyMS   int
		readOnly int
	}{
		{"file, defaults", "vpos.db", nil, "wal", 2, 10000, 1},
		{"file, normal", "vpos.db", []Option{WithSynchronous(SynchronousNormal), WithBusyTimeout(time.Second)}, "wal", 1, 1000, 1},
		{"memory", ":memory:", nil, "memory", 2, 10000, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := tt.path
			if path != ":memory:" {
				path = filepath.Join(t.TempDir(), path)
			}
			s := openFile(t, path, tt.opts...)
			var journal string
			var sync, fk, busy, appID, userVersion, queryOnly int
			row := func(db *sql.DB, q string, dest any) {
				t.Helper()
				if err := db.QueryRow(q).Scan(dest); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			row(s.w, "PRAGMA journal_mode", &journal)
			row(s.w, "PRAGMA synchronous", &sync)
			row(s.w, "PRAGMA foreign_keys", &fk)
			row(s.w, "PRAGMA busy_timeout", &busy)
			row(s.w, "PRAGMA application_id", &appID)
			row(s.w, "PRAGMA user_version", &userVersion)
			row(s.r, "PRAGMA query_only", &queryOnly)
			if journal != tt.journal || sync != tt.sync || fk != 1 || busy != tt.busyMS || appID != ApplicationID || userVersion != SchemaVersion || queryOnly != tt.readOnly {
				t.Errorf("got journal_mode %s, synchronous %d, foreign_keys %d, busy_timeout %d, application_id %#x, user_version %d, query_only %d; "+
					"want %s, %d, 1, %d, %#x, %d, %d", journal, sync, fk, busy, appID, userVersion, queryOnly,
					tt.journal, tt.sync, tt.busyMS, ApplicationID, SchemaVersion, tt.readOnly)
			}
			if !strings.HasPrefix(path, ":") {
				var rsync int
				row(s.r, "PRAGMA synchronous", &rsync)
				if rsync != tt.sync {
					t.Errorf("read connections: got synchronous %d, want %d", rsync, tt.sync)
				}
			}
		})
	}
}

func TestOpenOptions(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		path string
		opts []Option
		want string
	}{
		{"empty path", "", nil, "empty path"},
		{"synchronous OFF", "a.db", []Option{WithSynchronous("OFF")}, `synchronous "OFF"`},
		{"negative busy timeout", "a.db", []Option{WithBusyTimeout(-time.Second)}, "negative busy timeout"},
		{"no read connections", "a.db", []Option{WithReadConns(0)}, "0 read connections"},
		{"nil clock", "a.db", []Option{WithClock(nil)}, "nil clock"},
		{"missing directory", filepath.Join(dir, "no", "such", "dir", "a.db"), nil, filepath.Join(dir, "no", "such", "dir", "a.db")},
		{"a directory", dir, nil, dir},
	}
	for _, tt := range tests {
		path := tt.path
		if path == "a.db" {
			path = filepath.Join(dir, path)
		}
		s, err := Open(t.Context(), path, tt.opts...)
		if err == nil {
			s.Close()
			t.Errorf("%s: got nil error, want one containing %q", tt.name, tt.want)
			continue
		}
		if !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "vpos/sqlite: ") {
			t.Errorf("%s: got %q, want an error containing %q", tt.name, err, tt.want)
		}
	}
}

// TestOpenRefuses checks the files Open must refuse, and that it leaves
// another application's database untouched.
func TestOpenRefuses(t *testing.T) {
	dir := t.TempDir()
	ctx := t.Context()
	sqliteExec := func(path string, stmts ...string) {
		t.Helper()
		db, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		for _, q := range stmts {
			if _, err := db.Exec(q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
	}
	vposDB := func(name string) string {
		p := filepath.Join(dir, name)
		s, err := Open(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		tx := &vpos.Transaction{Company: "ACME", POS: "main", Op: vpos.OpSale, OrderID: "SIP-1", Status: vpos.StatusApproved}
		if err := s.Create(ctx, tx); err != nil {
			t.Fatal(err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}

	garbage := write("garbage.db", bytes.Repeat([]byte("not a database, just text. "), 400))
	pdf := write("invoice.pdf", append([]byte("%PDF-1.7\n"), make([]byte, 8192)...))
	foreign := filepath.Join(dir, "foreign.db")
	sqliteExec(foreign, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)", "INSERT INTO customers VALUES (1, 'Ayşe')")
	foreignApp := filepath.Join(dir, "foreign-app.db")
	sqliteExec(foreignApp, "PRAGMA application_id = 1179402567")
	migrations := filepath.Join(dir, "other-migrations.db")
	sqliteExec(migrations, "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, dirty INTEGER)", "INSERT INTO schema_migrations VALUES (20240101, 0)")
	newer := vposDB("newer.db")
	sqliteExec(newer, fmt.Sprintf("INSERT INTO schema_migrations VALUES (%d, 'from_the_future', 0)", SchemaVersion+1))
	renamed := vposDB("renamed.db")
	sqliteExec(renamed, "UPDATE schema_migrations SET name = 'something_else' WHERE version = 1")
	corrupt := vposDB("corrupt.db")
	{
		b, err := os.ReadFile(corrupt)
		if err != nil {
			t.Fatal(err)
		}
		// Keep the 100-byte header, overwrite the rest of page 1 (the
		// schema) with garbage.
		for i := 100; i < 4096 && i < len(b); i++ {
			b[i] = byte(i * 7)
		}
		write("corrupt.db", b)
	}

	tests := []struct {
		name     string
		path     string
		want     error
		contains string
	}{
		{"text file", garbage, ErrNotDatabase, "garbage.db"},
		{"PDF", pdf, ErrNotDatabase, "invoice.pdf"},
		{"another application's tables", foreign, ErrForeignDatabase, "customers"},
		{"another application id", foreignApp, ErrForeignDatabase, "0x464c4147"},
		{"another tool's schema_migrations", migrations, ErrForeignDatabase, "schema_migrations"},
		{"newer schema", newer, ErrNewerSchema, fmt.Sprintf("schema version %d is newer than this program knows (%d)", SchemaVersion+1, SchemaVersion)},
		{"different history", renamed, nil, `recorded as "something_else"`},
		{"corrupt schema page", corrupt, ErrCorrupt, "corrupt.db"},
	}
	for _, tt := range tests {
		before, _ := os.ReadFile(tt.path)
		s, err := Open(ctx, tt.path)
		if err == nil {
			s.Close()
			t.Errorf("%s: Open got nil error, want %v", tt.name, tt.want)
			continue
		}
		t.Logf("%s: %v", tt.name, err)
		if tt.want != nil && !errors.Is(err, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, err, tt.want)
		}
		if !strings.Contains(err.Error(), tt.contains) {
			t.Errorf("%s: got %q, want it to mention %q", tt.name, err, tt.contains)
		}
		if after, _ := os.ReadFile(tt.path); !bytes.Equal(before, after) {
			t.Errorf("%s: a refused Open changed the file", tt.name)
		}
	}
}

func TestOpenEmptyFile(t *testing.T) {
	// A zero-length file is an empty SQLite database: it becomes a vpos one.
	p := filepath.Join(t.TempDir(), "empty.db")
	if err := os.WriteFile(p, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	s := openFile(t, p)
	if err := s.Create(t.Context(), &vpos.Transaction{Company: "A", POS: "P", OrderID: "1", Op: vpos.OpSale}); err != nil {
		t.Fatal(err)
	}
}

func TestReopen(t *testing.T) {
	ctx := t.Context()
	p := filepath.Join(t.TempDir(), "Şirket ödemeleri ?#%20 v1.db")
	s, err := Open(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	tx := &vpos.Transaction{Company: "ACME", POS: "main", Op: vpos.OpSale, OrderID: "SIP-1", Status: vpos.StatusApproved,
		Events: []vpos.Event{{Kind: vpos.EventResult, Detail: "onaylandı"}}}
	if err := s.Create(ctx, tx); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("the database is not at the path given: %v", err)
	}
	s = openFile(t, p)
	got, err := s.Get(ctx, tx.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.OrderID != "SIP-1" || len(got.Events) != 1 || !got.CreatedAt.Equal(tx.CreatedAt) {
		t.Errorf("after reopening: got %+v, want %+v", got, tx)
	}
	var n int
	if err := s.w.QueryRow("SELECT count(*) FROM schema_migrations").Scan(&n); err != nil || n != SchemaVersion {
		t.Errorf("schema_migrations: got %d rows, %v; want %d", n, err, SchemaVersion)
	}
}

// TestNothingHalfWritten makes the second statement of a Create, Update and
// AddEvent fail (an event time SQLite cannot hold) and checks that the
// first did not stay.
func TestNothingHalfWritten(t *testing.T) {
	ctx := t.Context()
	s := openFile(t, filepath.Join(t.TempDir(), "vpos.db"))
	bad := vpos.Event{Time: time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC), Kind: vpos.EventNote}
	tx := &vpos.Transaction{Company: "ACME", POS: "main", Op: vpos.OpSale, OrderID: "SIP-1", Status: vpos.StatusUnknown,
		Events: []vpos.Event{{Kind: vpos.EventAttempt}, bad}}
	if err := s.Create(ctx, tx); err == nil || !strings.Contains(err.Error(), "out of range") {
		t.Fatalf("Create with an event in the year 3000: got %v, want an out of range error", err)
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
		t.Fatal("Update with an event in the year 3000: got nil error")
	}
	if err := s.AddEvent(ctx, tx.ID, bad); err == nil {
		t.Fatal("AddEvent with an event in the year 3000: got nil error")
	}
	got, _ := s.Get(ctx, tx.ID)
	if got.Status != want.Status || len(got.Events) != len(want.Events) || !got.UpdatedAt.Equal(want.UpdatedAt) {
		t.Errorf("after failed writes: got status %s, %d events; want %s, %d", got.Status, len(got.Events), want.Status, len(want.Events))
	}
	// The event counter did not move either: the next event is number 2.
	if err := s.AddEvent(ctx, tx.ID, vpos.Event{Kind: vpos.EventNote, Detail: "ok"}); err != nil {
		t.Fatal(err)
	}
	var seq int
	if err := s.w.QueryRow("SELECT max(seq) FROM transaction_events").Scan(&seq); err != nil || seq != 2 {
		t.Errorf("last event number: got %d, %v; want 2", seq, err)
	}
}

func TestOpenConcurrently(t *testing.T) {
	p := filepath.Join(t.TempDir(), "vpos.db")
	const n = 8
	stores := make([]*Store, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			stores[i], errs[i] = Open(context.Background(), p)
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
	if err := stores[0].w.QueryRow("SELECT count(*) FROM schema_migrations").Scan(&rows); err != nil || rows != SchemaVersion {
		t.Errorf("schema_migrations: got %d rows, %v; want %d", rows, err, SchemaVersion)
	}
}

// The processes test: children open one new file at once, each writes
// records, and all try to claim one order; exactly one claim wins.
const childEnv = "VPOS_SQLITE_TEST_CHILD"

func TestChildProcess(t *testing.T) {
	p := os.Getenv(childEnv)
	if p == "" {
		t.Skip("runs only as a child process of TestProcesses")
	}
	ctx := context.Background()
	s, err := Open(ctx, p, WithBusyTimeout(30*time.Second))
	if err != nil {
		fmt.Println("open-error:", err)
		os.Exit(1)
	}
	defer s.Close()
	pid := os.Getpid()
	for i := range 25 {
		tx := &vpos.Transaction{Company: "ACME", POS: "main", Op: vpos.OpSale, OrderID: fmt.Sprintf("P%d-%d", pid, i), Status: vpos.StatusApproved,
			Events: []vpos.Event{{Kind: vpos.EventAttempt}, {Kind: vpos.EventResult}}}
		if err := s.Create(ctx, tx); err != nil {
			fmt.Println("create-error:", err)
			os.Exit(1)
		}
	}
	err = s.Create(ctx, &vpos.Transaction{Company: "ACME", POS: "main", Op: vpos.OpSale, OrderID: "SHARED", Status: vpos.StatusUnknown,
		Bank: strconv.Itoa(pid)})
	switch {
	case err == nil:
		fmt.Println("claim: won")
	case errors.Is(err, vpos.ErrStoreDuplicate):
		fmt.Println("claim: duplicate")
	default:
		fmt.Println("claim-error:", err)
		os.Exit(1)
	}
}

func TestProcesses(t *testing.T) {
	if os.Getenv(childEnv) != "" {
		t.Skip("this is a child process")
	}
	p := filepath.Join(t.TempDir(), "shared.db")
	const n = 4
	outs := make([]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			cmd := exec.Command(os.Args[0], "-test.run=^TestChildProcess$", "-test.count=1")
			cmd.Env = append(os.Environ(), childEnv+"="+p)
			out, err := cmd.CombinedOutput()
			outs[i], errs[i] = string(out), err
		})
	}
	wg.Wait()
	won := 0
	for i := range n {
		if errs[i] != nil {
			t.Errorf("child %d: %v\n%s", i, errs[i], outs[i])
		}
		won += strings.Count(outs[i], "claim: won")
	}
	if won != 1 {
		t.Errorf("claims won across %d processes: got %d, want 1", n, won)
	}
	s := openFile(t, p)
	all, _, err := s.List(t.Context(), vpos.ListFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != n*25+1 {
		t.Errorf("records: got %d, want %d", len(all), n*25+1)
	}
	var rows int
	if err := s.w.QueryRow("SELECT count(*) FROM schema_migrations").Scan(&rows); err != nil || rows != SchemaVersion {
		t.Errorf("schema_migrations: got %d rows, %v; want %d", rows, err, SchemaVersion)
	}
}

func TestCursor(t *testing.T) {
	// A cursor of one store does not crash another; garbage is refused.
	s := openFile(t, ":memory:")
	for _, c := range []string{"x", "1.", ".1", "1.0", "1.-5", "1.2.3", "99999999999999999999.1"} {
		if _, _, err := s.List(t.Context(), vpos.ListFilter{Cursor: c}); err == nil || !strings.Contains(err.Error(), "malformed cursor") {
			t.Errorf("List with cursor %q: got %v, want a malformed cursor error", c, err)
		}
	}
}

// The crash test: a child writes records and reports each Create that
// returned; the parent kills it with SIGKILL mid-stream, reopens the file
// and finds every reported record, in an intact database.
const crashEnv = "VPOS_SQLITE_CRASH_CHILD"

func TestCrashChild(t *testing.T) {
	p := os.Getenv(crashEnv)
	if p == "" {
		t.Skip("runs only as a child process of TestCrashKeepsCommitted")
	}
	ctx := context.Background()
	s, err := Open(ctx, p)
	if err != nil {
		fmt.Println("open-error:", err)
		os.Exit(1)
	}
	for i := 0; ; i++ {
		tx := &vpos.Transaction{Company: "ACME", POS: "main", Op: vpos.OpSale, OrderID: fmt.Sprintf("C-%06d", i), Status: vpos.StatusUnknown,
			Events: []vpos.Event{{Kind: vpos.EventAttempt, Detail: strings.Repeat("x", 200)}}}
		if err := s.Create(ctx, tx); err != nil {
			fmt.Println("create-error:", err)
			os.Exit(1)
		}
		upd := tx.Clone()
		upd.Status = vpos.StatusApproved
		if err := s.Update(ctx, upd, vpos.StatusUnknown, vpos.Event{Kind: vpos.EventResult}); err != nil {
			fmt.Println("update-error:", err)
			os.Exit(1)
		}
		fmt.Println("committed", tx.OrderID)
	}
}

func TestCrashKeepsCommitted(t *testing.T) {
	if os.Getenv(crashEnv) != "" {
		t.Skip("this is a child process")
	}
	p := filepath.Join(t.TempDir(), "crash.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashEnv+"="+p)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var committed []string
	buf := make([]byte, 0, 1<<16)
	tmp := make([]byte, 4096)
	for len(committed) < 300 {
		n, err := out.Read(tmp)
		buf = append(buf, tmp[:n]...)
		for {
			i := bytes.IndexByte(buf, '\n')
			if i < 0 {
				break
			}
			line := string(buf[:i])
			buf = buf[i+1:]
			if order, ok := strings.CutPrefix(line, "committed "); ok {
				committed = append(committed, order)
			} else if strings.Contains(line, "error") {
				t.Fatalf("child: %s", line)
			}
		}
		if err != nil {
			t.Fatalf("child stopped after %d records: %v", len(committed), err)
		}
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL
		t.Fatal(err)
	}
	_ = cmd.Wait()

	s := openFile(t, p)
	var check string
	if err := s.w.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check after SIGKILL: got %q, %v; want ok", check, err)
	}
	for _, order := range committed {
		recs, err := s.FindOrder(t.Context(), "ACME", "main", order)
		if err != nil || len(recs) != 1 || recs[0].Status != vpos.StatusApproved || len(recs[0].Events) != 2 {
			t.Fatalf("order %s, reported committed before the kill: got %d records, %v", order, len(recs), err)
		}
	}
	all, _, err := s.List(t.Context(), vpos.ListFilter{Limit: 100000})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range all {
		if len(r.Events) == 0 {
			t.Errorf("order %s has no events: half written", r.OrderID)
		}
	}
	t.Logf("%d records reported before SIGKILL, %d found after", len(committed), len(all))
}
