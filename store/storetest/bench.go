package storetest

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sanalpos/vpos"
)

// BenchListSeed is the number of records RunBenchmarks stores before it
// measures Get and List.
const BenchListSeed = 10000

// RunBenchmarks measures a store: Create one record at a time and from
// parallel goroutines (reported as records/s), Update (compare-and-swap with
// one event, updates/s), Get, and List pages over BenchListSeed records
// (per company, company and status, an Istanbul day, an order id, and
// paging deep with the cursor). newStore is called once per sub-benchmark
// and must return an empty store.
func RunBenchmarks(b *testing.B, newStore func(b *testing.B) vpos.Store) {
	b.Run("Create", func(b *testing.B) {
		s := newStore(b)
		n := 0
		for b.Loop() {
			if err := s.Create(b.Context(), BenchRecord(n, time.Time{})); err != nil {
				b.Fatal(err)
			}
			n++
		}
		b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "records/s")
	})
	b.Run("CreateParallel", func(b *testing.B) {
		s := newStore(b)
		var n atomic.Int64
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if err := s.Create(b.Context(), BenchRecord(int(n.Add(1)), time.Time{})); err != nil {
					b.Error(err)
					return
				}
			}
		})
		b.ReportMetric(float64(n.Load())/b.Elapsed().Seconds(), "records/s")
	})
	b.Run("Update", func(b *testing.B) {
		s := newStore(b)
		recs := make([]*vpos.Transaction, 200)
		for i := range recs {
			recs[i] = BenchRecord(i, time.Time{})
			if err := s.Create(b.Context(), recs[i]); err != nil {
				b.Fatal(err)
			}
		}
		n := 0
		for b.Loop() {
			r := recs[n%len(recs)]
			old := r.Status
			r.Status = vpos.StatusRefunded
			if old == vpos.StatusRefunded {
				r.Status = vpos.StatusApproved
			}
			if err := s.Update(b.Context(), r, old, vpos.Event{Time: time.Now(), Kind: vpos.EventChange, Status: r.Status, Detail: "refund 125.50 TRY"}); err != nil {
				b.Fatal(err)
			}
			n++
		}
		b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "updates/s")
	})

	b.Run("Read", func(b *testing.B) {
		s := newStore(b)
		start := time.Now()
		const workers = 8
		var wg sync.WaitGroup
		errs := make([]error, workers)
		for w := range workers {
			wg.Go(func() {
				for i := w; i < BenchListSeed; i += workers {
					if err := s.Create(b.Context(), BenchRecord(i, benchBase.Add(time.Duration(i)*benchStep))); err != nil {
						errs[w] = err
						return
					}
				}
			})
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			b.Fatal(err)
		}
		b.Logf("seeded %d records in %v", BenchListSeed, time.Since(start))
		recs, err := s.FindOrder(b.Context(), "Beta", "pos-1", benchOrder(1))
		if err != nil || len(recs) != 1 {
			b.Fatalf("FindOrder: %d records, %v", len(recs), err)
		}
		id := recs[0].ID
		b.Run("Get", func(b *testing.B) {
			for b.Loop() {
				if _, err := s.Get(b.Context(), id); err != nil {
					b.Fatal(err)
				}
			}
		})
		from, to := vpos.IstanbulDay(benchBase.Add(BenchListSeed / 2 * benchStep))
		for _, lc := range BenchListCases(from, to) {
			b.Run("List/"+lc.Name, func(b *testing.B) {
				for b.Loop() {
					if _, _, err := s.List(b.Context(), lc.Filter); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
		b.Run("List/company-page-20", func(b *testing.B) {
			f := vpos.ListFilter{Company: "ACME", Limit: 50}
			for range 19 {
				_, next, err := s.List(b.Context(), f)
				if err != nil {
					b.Fatal(err)
				}
				f.Cursor = next
			}
			for b.Loop() {
				if _, _, err := s.List(b.Context(), f); err != nil {
					b.Fatal(err)
				}
			}
		})
	})
}

// BenchListCase is one List query the benchmarks measure.
type BenchListCase struct {
	Name   string
	Filter vpos.ListFilter
}

// BenchListCases returns the List queries measured over records made by
// BenchRecord: pages of 50 per company, company and POS, company and a
// rare status set, an Istanbul day [from, to), one order, and everything.
func BenchListCases(from, to time.Time) []BenchListCase {
	return []BenchListCase{
		{"all", vpos.ListFilter{Limit: 50}},
		{"company", vpos.ListFilter{Company: "ACME", Limit: 50}},
		{"company-pos", vpos.ListFilter{Company: "ACME", POS: "pos-2", Limit: 50}},
		{"company-status-rare", vpos.ListFilter{Company: "ACME", Status: []vpos.TxStatus{vpos.StatusUnknown, vpos.StatusPending3D}, Limit: 50}},
		{"company-status-common", vpos.ListFilter{Company: "ACME", Status: []vpos.TxStatus{vpos.StatusApproved}, Limit: 50}},
		{"company-day", vpos.ListFilter{Company: "ACME", From: from, To: to, Limit: 50}},
		{"company-source", vpos.ListFilter{Company: "Beta", Source: vpos.SourceMOTO, Limit: 50}},
		{"order", vpos.ListFilter{OrderID: benchOrder(1001), Limit: 50}},
	}
}

var benchBase = time.Date(2025, 1, 1, 0, 0, 0, 0, vpos.Istanbul())

// benchStep spaces seeded records: 1M of them span about a year.
const benchStep = 31 * time.Second

func benchOrder(i int) string { return fmt.Sprintf("ORD-%09d", i) }

// BenchRecord returns the i-th record of the benchmarks' data set: four
// companies (ACME holds half), eight POS, two banks, mostly approved sales
// with some declines, refunds and a few unknown and pending3d records, two
// events each. Its order id is unique per i. A zero createdAt lets the store set it. Store packages use it
// to seed large data sets with their own bulk loaders.
func BenchRecord(i int, createdAt time.Time) *vpos.Transaction {
	companies := []string{"ACME", "Beta", "ACME", "Gamma", "ACME", "Delta", "ACME", "Beta"}
	status := vpos.StatusApproved
	switch {
	case i%97 == 0:
		status = vpos.StatusUnknown
	case i%89 == 0:
		status = vpos.StatusPending3D
	case i%7 == 0:
		status = vpos.StatusDeclined
	case i%11 == 0:
		status = vpos.StatusPartiallyRefunded
	}
	op, seq := vpos.OpSale, 0
	if i%13 == 0 {
		op, seq = vpos.OpRefund, 1
	}
	src := vpos.SourceAPI
	if i%5 == 0 {
		src = vpos.SourceMOTO
	} else if i%3 == 0 {
		src = vpos.Source3D
	}
	ts := createdAt
	if ts.IsZero() {
		ts = time.Now()
	}
	return &vpos.Transaction{
		Company: companies[i%len(companies)], POS: fmt.Sprintf("pos-%d", i%8), Bank: []string{"nestpay", "garanti"}[i%2],
		Op: op, Seq: seq, OrderID: benchOrder(i), BankTransactionID: fmt.Sprintf("26001ABCD%08d", i), AuthCode: fmt.Sprintf("%06d", i%1000000),
		RRN: fmt.Sprintf("6001%08d", i), Amount: vpos.Amount(100 + i%100000), Currency: vpos.TRY, Installments: i % 4,
		Status: status, Return: "approved", BankCode: "00", BankMessage: "Onaylandı", MaskedPAN: "454671******7894", Source: src,
		CreatedAt: createdAt,
		Events: []vpos.Event{
			{Time: ts, Kind: vpos.EventAttempt, Status: vpos.StatusUnknown, Detail: "sale 125.50 TRY"},
			{Time: ts, Kind: vpos.EventResult, Status: status, Return: "approved", BankCode: "00"},
		},
	}
}
