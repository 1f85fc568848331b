package reconcile

import (
	"context"
	"flag"
	"fmt"
	"math/rand"
	"runtime"
	"strconv"
	"testing"
	"testing/quick"
	"time"

	"github.com/sanalpos/vpos"
)

var big = flag.Bool("reconcile.big", false, "also benchmark 5,000,000 rows")

// The planted discrepancies, and the category each must be reported as.
const (
	plantMissingAtBank = iota
	plantMissingLocally
	plantAmount
	plantCurrency
	plantVoidedAtBank
	plantDuplicateBank
	plantDuplicateLocal
	plantRefundAmount
	plantKinds
	plantNone = -1
)

var plantCategory = [plantKinds]Category{MissingAtBank, MissingLocally, AmountMismatch, CurrencyMismatch, StatusMismatch,
	DuplicateBank, DuplicateLocal, StatusMismatch}

// world generates n matched pairs, some mutated by plant(i).
type world struct {
	n     int
	plant func(i int) int
}

func (w world) order(i int) string { return "O" + strconv.Itoa(i) }

func (w world) base(i int) (string, string, vpos.Op, vpos.Amount, time.Time) {
	op := vpos.OpSale
	if w.plant(i) == plantRefundAmount {
		op = vpos.OpRefund
	}
	when := day0.Add(time.Duration(i) * (24 * time.Hour / time.Duration(w.n+1)))
	return w.order(i), "T" + strconv.Itoa(i), op, vpos.Amount(100 + i%100000), when
}

func (w world) bank(m *Matcher) error {
	for i := range w.n {
		p := w.plant(i)
		if p == plantMissingAtBank {
			continue
		}
		order, id, op, amount, when := w.base(i)
		b := vpos.BankTransaction{OrderID: order, TransactionID: id, Op: op, Status: vpos.StatusApproved, Amount: amount, Currency: vpos.TRY, Time: when}
		switch p {
		case plantAmount, plantRefundAmount:
			b.Amount++
		case plantCurrency:
			b.Currency = vpos.USD
		case plantVoidedAtBank:
			b.Status = vpos.StatusVoided
		}
		if err := m.AddBank(b); err != nil {
			return err
		}
		if p == plantDuplicateBank {
			if err := m.AddBank(b); err != nil {
				return err
			}
		}
	}
	return nil
}

func (w world) local(m *Matcher) {
	for i := range w.n {
		p := w.plant(i)
		if p == plantMissingLocally {
			continue
		}
		order, id, op, amount, when := w.base(i)
		l := Local{ID: "L" + id, OrderID: order, Op: op, BankTransactionID: id, Amount: amount, Currency: vpos.TRY, Status: vpos.StatusApproved, Time: when}
		m.AddLocal(l)
		if p == plantDuplicateLocal {
			l.ID += "-again"
			m.AddLocal(l)
		}
	}
}

func (w world) run(t testing.TB) *Report {
	m := New(Options{From: day0, To: day1, Tolerance: time.Minute, SizeHint: w.n})
	if err := w.bank(m); err != nil {
		t.Fatal(err)
	}
	w.local(m)
	rep, err := m.Finish(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// verify checks that every planted discrepancy is reported once, in its
// category, and nothing else.
func (w world) verify(rep *Report) error {
	want := map[string]Category{}
	matched := 0
	for i := range w.n {
		switch p := w.plant(i); p {
		case plantNone:
			matched++
		case plantDuplicateBank, plantDuplicateLocal:
			matched++
			want[w.order(i)] = plantCategory[p]
		default:
			want[w.order(i)] = plantCategory[p]
		}
	}
	if got := rep.Counts[Matched]; got != matched {
		return fmt.Errorf("got %d matched, want %d", got, matched)
	}
	if got := len(rep.Items); got != len(want) {
		return fmt.Errorf("got %d discrepancies, want %d", got, len(want))
	}
	for _, it := range rep.Items {
		c, ok := want[it.OrderID()]
		if !ok || c != it.Category {
			return fmt.Errorf("got %s for order %s, want %q", it.Category, it.OrderID(), c)
		}
		delete(want, it.OrderID())
	}
	if len(want) > 0 {
		return fmt.Errorf("%d planted discrepancies not reported", len(want))
	}
	return nil
}

// onePercent plants a discrepancy on every 100th pair, cycling the kinds.
func onePercent(i int) int {
	if i%100 != 7 {
		return plantNone
	}
	return (i / 100) % plantKinds
}

func TestHundredThousand(t *testing.T) {
	n := 100_000
	if testing.Short() {
		n = 10_000
	}
	w := world{n: n, plant: onePercent}
	if err := w.verify(w.run(t)); err != nil {
		t.Error(err)
	}
}

// TestMutationsReportedOnce: random mutations of a matched set are each
// reported exactly once, in their category.
func TestMutationsReportedOnce(t *testing.T) {
	f := func(seed int64, size uint8) bool {
		n := int(size)%200 + 1
		rng := rand.New(rand.NewSource(seed))
		kinds := make([]int, n)
		for i := range kinds {
			kinds[i] = plantNone
			if rng.Intn(3) == 0 {
				kinds[i] = rng.Intn(plantKinds)
			}
		}
		w := world{n: n, plant: func(i int) int { return kinds[i] }}
		if err := w.verify(w.run(t)); err != nil {
			t.Logf("seed %d, size %d: %v", seed, n, err)
			return false
		}
		return true
	}
	if err := quick.Check(f, &quick.Config{MaxCount: 200}); err != nil {
		t.Error(err)
	}
}

// BenchmarkReconcile reconciles n local records against n bank rows with
// 1% planted discrepancies of every kind, rows generated as they stream in.
// 5,000,000 runs with -reconcile.big. Reports peak heap (MB) per run.
func BenchmarkReconcile(b *testing.B) {
	sizes := []int{100_000, 1_000_000}
	if *big {
		sizes = append(sizes, 5_000_000)
	}
	for _, n := range sizes {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			w := world{n: n, plant: onePercent}
			var peak uint64
			for b.Loop() {
				runtime.GC()
				done := make(chan struct{})
				stopped := make(chan uint64)
				go func() {
					var ms runtime.MemStats
					var max uint64
					for {
						runtime.ReadMemStats(&ms)
						max = maxU(max, ms.HeapAlloc)
						select {
						case <-done:
							stopped <- max
							return
						case <-time.After(20 * time.Millisecond):
						}
					}
				}()
				rep := w.run(b)
				close(done)
				peak = maxU(peak, <-stopped)
				if err := w.verify(rep); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
		})
	}
}

func maxU(a, b uint64) uint64 {
	if a > b {
		return a
	}
	return b
}
