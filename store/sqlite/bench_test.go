package sqlite

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/store/internal/sqlstore"
	"github.com/sanalpos/vpos/store/storetest"
)

// go test -run '^$' -bench . ./store/sqlite/
//
// BenchmarkStore: the storetest benchmarks on a file with the shipped
// durability (WAL, synchronous=FULL); BenchmarkStoreNormal with
// synchronous=NORMAL. BenchmarkLarge (VPOS_BENCH_ROWS=1000000) seeds a file
// with that many records in batches and measures List over it.

func BenchmarkStore(b *testing.B) {
	storetest.RunBenchmarks(b, func(b *testing.B) vpos.Store {
		return openFile(b, filepath.Join(b.TempDir(), "vpos.db"))
	})
}

func BenchmarkStoreNormal(b *testing.B) {
	storetest.RunBenchmarks(b, func(b *testing.B) vpos.Store {
		return openFile(b, filepath.Join(b.TempDir(), "vpos.db"), WithSynchronous(SynchronousNormal))
	})
}

// benchRows reads VPOS_BENCH_ROWS, skipping when unset.
func benchRows(b *testing.B) int {
	v := os.Getenv("VPOS_BENCH_ROWS")
	if v == "" {
		b.Skip("set VPOS_BENCH_ROWS=1000000 to measure List over a large store")
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1000 {
		b.Fatalf("VPOS_BENCH_ROWS=%q: want a number of at least 1000", v)
	}
	return n
}

var benchBase = time.Date(2025, 1, 1, 0, 0, 0, 0, vpos.Istanbul())

// benchStep spaces the seeded records: 1M of them span about a year.
const benchStep = 31 * time.Second

// seed bulk-loads n records made by storetest.BenchRecord, two events each,
// in transactions of 20000 records and statements of 100.
func seed(ctx context.Context, s *Store, n int) error {
	const perStmt, perTx = 100, 20000
	txCols := "pk, " + sqlstore.InsertColumns
	nTx := strings.Count(txCols, ",") + 1
	txRow := "(" + strings.TrimSuffix(strings.Repeat("?, ", nTx), ", ") + ")"
	evRow := "(?, ?, ?, ?, ?, ?, ?, ?)"
	for start := 0; start < n; start += perTx {
		tx, err := s.w.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		for i := start; i < min(start+perTx, n); i += perStmt {
			m := min(perStmt, n-i, start+perTx-i)
			var targs, eargs []any
			for j := i; j < i+m; j++ {
				r := storetest.BenchRecord(j, benchBase.Add(time.Duration(j)*benchStep))
				r.ID = fmt.Sprintf("bench%013d", j)
				ns := r.CreatedAt.UnixNano()
				targs = append(append(append(targs, int64(j+1)), sqlstore.InsertArgs(r)...), ns, ns, int64(len(r.Events)))
				for k, e := range r.Events {
					eargs = append(append(eargs, int64(j+1), int64(k+1), e.Time.UnixNano()), sqlstore.EventArgs(&e)...)
				}
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO transactions ("+txCols+") VALUES "+strings.TrimSuffix(strings.Repeat(txRow+", ", m), ", "), targs...); err != nil {
				tx.Rollback()
				return err
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO transaction_events ("+sqlstore.EventInsertColumns+") VALUES "+
				strings.TrimSuffix(strings.Repeat(evRow+", ", 2*m), ", "), eargs...); err != nil {
				tx.Rollback()
				return err
			}
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

func BenchmarkLarge(b *testing.B) {
	n := benchRows(b)
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "large.db")
	s := openFile(b, path)
	start := time.Now()
	if err := seed(ctx, s, n); err != nil {
		b.Fatal(err)
	}
	if fi, err := os.Stat(path); err == nil {
		b.Logf("seeded %d records (%d events) in %v; file %d MB", n, 2*n, time.Since(start).Round(time.Millisecond), fi.Size()>>20)
	}
	from, to := vpos.IstanbulDay(benchBase.Add(time.Duration(n/2) * benchStep))
	cases := storetest.BenchListCases(from, to)
	for _, lc := range cases {
		if testing.Verbose() {
			explain(b, s, lc.Filter)
		}
		b.Run("List/"+lc.Name, func(b *testing.B) {
			for b.Loop() {
				page, _, err := s.List(ctx, lc.Filter)
				if err != nil || len(page) == 0 {
					b.Fatalf("List: %d records, %v", len(page), err)
				}
			}
		})
	}
	b.Run("List/company-page-1000", func(b *testing.B) {
		// 999 pages in: the keyset cursor does not slow down with depth.
		f := vpos.ListFilter{Company: "ACME", Limit: 50}
		for range 999 {
			_, next, err := s.List(ctx, f)
			if err != nil {
				b.Fatal(err)
			}
			f.Cursor = next
		}
		for b.Loop() {
			if _, _, err := s.List(ctx, f); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("FindOrder", func(b *testing.B) {
		i := 0
		for b.Loop() {
			i = (i + 7919) % n
			r := storetest.BenchRecord(i, time.Time{})
			if recs, err := s.FindOrder(ctx, r.Company, r.POS, r.OrderID); err != nil || len(recs) != 1 {
				b.Fatalf("FindOrder: %d records, %v", len(recs), err)
			}
		}
	})
	b.Run("Create", func(b *testing.B) {
		i := n
		for b.Loop() {
			if err := s.Create(ctx, storetest.BenchRecord(i, time.Time{})); err != nil {
				b.Fatal(err)
			}
			i++
		}
		b.ReportMetric(float64(i-n)/b.Elapsed().Seconds(), "records/s")
	})
}

// explain logs SQLite's plan of a List query.
func explain(b *testing.B, s *Store, f vpos.ListFilter) {
	var q sqlstore.Query
	where := q.Where(&f, func(t time.Time) any { return t.UnixNano() }, nil, nil)
	rows, err := s.r.Query("EXPLAIN QUERY PLAN SELECT pk FROM transactions"+where+" ORDER BY created_at DESC, pk DESC LIMIT 51", q.Args...)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, notused int
		var detail string
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			b.Fatal(err)
		}
		plan = append(plan, detail)
	}
	b.Logf("%+v: %s", f, strings.Join(plan, "; "))
}
