package postgres

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/store/internal/sqlstore"
	"github.com/sanalpos/vpos/store/storetest"
)

// VPOS_TEST_POSTGRES_DSN=... go test -run '^$' -bench . ./store/postgres/
//
// BenchmarkStore: the storetest benchmarks, each in a fresh schema.
// BenchmarkLarge (VPOS_BENCH_ROWS=1000000) bulk-loads that many records
// with COPY and measures List over them.

func BenchmarkStore(b *testing.B) {
	testDSN(b)
	storetest.RunBenchmarks(b, func(b *testing.B) vpos.Store {
		s, _ := newStore(b)
		return s
	})
}

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

const benchStep = 31 * time.Second

// seed bulk-loads n records made by storetest.BenchRecord with COPY, then
// their two events each with INSERT ... SELECT, and analyzes the tables.
func seed(ctx context.Context, s *Store, n int) error {
	cols := strings.Split(sqlstore.InsertColumns, ", ")
	i := 0
	_, err := s.pool.CopyFrom(ctx, pgx.Identifier{"transactions"}, cols, pgx.CopyFromFunc(func() ([]any, error) {
		if i == n {
			return nil, nil
		}
		r := storetest.BenchRecord(i, benchBase.Add(time.Duration(i)*benchStep))
		r.ID = fmt.Sprintf("bench%013d", i)
		i++
		return append(sqlstore.InsertArgs(r), r.CreatedAt, r.CreatedAt, int64(2)), nil
	}))
	if err != nil {
		return err
	}
	for _, q := range []string{
		"INSERT INTO transaction_events (" + sqlstore.EventInsertColumns + ") SELECT pk, 1, created_at, 'attempt', 'unknown', '', '', 'sale 125.50 TRY' FROM transactions",
		"INSERT INTO transaction_events (" + sqlstore.EventInsertColumns + ") SELECT pk, 2, created_at, 'result', status, return_code, bank_code, '' FROM transactions",
		"ANALYZE transactions", "ANALYZE transaction_events",
	} {
		if _, err := s.pool.Exec(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

func BenchmarkLarge(b *testing.B) {
	n := benchRows(b)
	ctx := context.Background()
	s, _ := newStore(b)
	start := time.Now()
	if err := seed(ctx, s, n); err != nil {
		b.Fatal(err)
	}
	var size string
	_ = s.pool.QueryRow(ctx, "SELECT pg_size_pretty(pg_total_relation_size('transactions') + pg_total_relation_size('transaction_events'))").Scan(&size)
	b.Logf("seeded %d records (%d events) in %v; %s", n, 2*n, time.Since(start).Round(time.Millisecond), size)
	from, to := vpos.IstanbulDay(benchBase.Add(time.Duration(n/2) * benchStep))
	for _, lc := range storetest.BenchListCases(from, to) {
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
		f := vpos.ListFilter{Company: "ACME", Limit: 50}
		for range 999 {
			_, next, err := s.List(ctx, f)
			if err != nil {
				b.Fatal(err)
			}
			f.Cursor = next
		}
		if testing.Verbose() {
			explain(b, s, f)
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

// explain logs PostgreSQL's plan of a List query.
func explain(b *testing.B, s *Store, f vpos.ListFilter) {
	q := sqlstore.Query{Dollar: true, RowValues: true}
	var after *sqlstore.Cursor
	var cursorAt any
	if f.Cursor != "" {
		c, _ := sqlstore.ParseCursor(f.Cursor)
		after, cursorAt = &c, time.UnixMicro(c.At)
	}
	where := q.Where(&f, func(t time.Time) any { return t }, after, cursorAt)
	rows, err := s.pool.Query(context.Background(), "EXPLAIN SELECT pk FROM transactions"+where+" ORDER BY created_at DESC, pk DESC LIMIT 51", q.Args...)
	if err != nil {
		b.Fatal(err)
	}
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%+v:\n%s", f, strings.Join(lines, "\n"))
}
