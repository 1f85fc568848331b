package vpostest_test

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/vpostest"
)

// clock is a settable clock for ledgers.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// noon is 12:00 in Istanbul on a fixed day.
var noon = time.Date(2026, 3, 14, 12, 0, 0, 0, vpos.Istanbul())

var testCards = vpostest.DefaultCards(noon)

// newLedger returns a ledger on a settable clock set to noon.
func newLedger(t *testing.T) (*vpostest.Ledger, *clock) {
	t.Helper()
	c := &clock{t: noon}
	return vpostest.NewLedger(c.Now), c
}

// mustAuthorize books an approved order of kind and amount.
func mustAuthorize(t *testing.T, l *vpostest.Ledger, kind vpostest.Kind, id string, amount vpos.Amount) *vpostest.Order {
	t.Helper()
	o, err := l.Authorize(kind, id, amount, vpos.TRY, 1, testCards.Approve.Number, vpostest.OutcomeApprove)
	if err != nil {
		t.Fatalf("Authorize(%s, %s, %d): %v", kind, id, amount, err)
	}
	if o.Status != vpos.StatusApproved {
		t.Fatalf("Authorize(%s, %s): status %s, want approved", kind, id, o.Status)
	}
	return o
}

func TestAuthorizeApproved(t *testing.T) {
	for _, kind := range []vpostest.Kind{vpostest.KindSale, vpostest.KindPreAuth} {
		t.Run(string(kind), func(t *testing.T) {
			l, _ := newLedger(t)
			o, err := l.Authorize(kind, "ORD-1", 12345, vpos.EUR, 3, "4000 0099 9900 0006", "")
			if err != nil {
				t.Fatalf("Authorize: %v", err)
			}
			wantCaptured := vpos.Amount(12345)
			if kind == vpostest.KindPreAuth {
				wantCaptured = 0
			}
			checks := []struct {
				name      string
				got, want any
			}{
				{"OrderID", o.OrderID, "ORD-1"},
				{"Kind", o.Kind, kind},
				{"Amount", o.Amount, vpos.Amount(12345)},
				{"Currency", o.Currency, vpos.EUR},
				{"Installments", o.Installments, 3},
				{"Captured", o.Captured, wantCaptured},
				{"Refunded", o.Refunded, vpos.Amount(0)},
				{"Status", o.Status, vpos.StatusApproved},
				{"Code", o.Code, "00"},
				{"MaskedPAN", o.MaskedPAN, "400000******0006"},
				{"Created", o.Created, noon},
				{"len(Entries)", len(o.Entries), 1},
				{"Entries[0].Op", o.Entries[0].Op, kind.Op()},
				{"Entries[0].Approved", o.Entries[0].Approved, true},
				{"Entries[0].TransID", o.Entries[0].TransID, o.TransID},
				{"Bookings", l.Bookings(), 1},
				{"BookedAmount", l.BookedAmount("ORD-1"), wantCaptured},
			}
			for _, c := range checks {
				if c.got != c.want {
					t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
				}
			}
			for name, re := range map[string]string{
				"TransID":  `^\d{5}[A-Z]{4}\d{5,}$`,
				"AuthCode": `^\d{6}$`,
				"RRN":      `^\d{12}$`,
			} {
				v := map[string]string{"TransID": o.TransID, "AuthCode": o.AuthCode, "RRN": o.RRN}[name]
				if !regexp.MustCompile(re).MatchString(v) {
					t.Errorf("%s: got %q, want it to match %s", name, v, re)
				}
			}
			if !strings.HasPrefix(o.TransID, "26073") {
				t.Errorf("TransID: got %q, want the prefix 26073 (year 26, day 73)", o.TransID)
			}
		})
	}
}

func TestAuthorizeDeclined(t *testing.T) {
	for _, outcome := range vpostest.DeclineOutcomes() {
		t.Run(string(outcome), func(t *testing.T) {
			l, _ := newLedger(t)
			card := testCards.ForOutcome(outcome)
			o, err := l.Authorize(vpostest.KindSale, "ORD-D", 1000, vpos.TRY, 1, card.Number, testCards.Book().Outcome(card.Number))
			if err != nil {
				t.Fatalf("Authorize: got error %v, want a declined order", err)
			}
			if o.Status != vpos.StatusDeclined || o.Code != outcome.ISOCode() {
				t.Errorf("got status %s code %s, want declined %s", o.Status, o.Code, outcome.ISOCode())
			}
			if o.AuthCode != "" || o.Captured != 0 {
				t.Errorf("got AuthCode %q Captured %d, want none", o.AuthCode, o.Captured)
			}
			if got := l.Bookings(); got != 0 {
				t.Errorf("Bookings: got %d, want 0", got)
			}
			if got := l.BookedAmount("ORD-D"); got != 0 {
				t.Errorf("BookedAmount: got %d, want 0", got)
			}
			e := l.Entries()
			if len(e) != 1 || e[0].Approved || e[0].Code != outcome.ISOCode() {
				t.Errorf("journal: got %+v, want one declined entry with code %s", e, outcome.ISOCode())
			}
			// After a decline, the same order id may be tried again.
			o, err = l.Authorize(vpostest.KindSale, "ORD-D", 1000, vpos.TRY, 1, testCards.Approve.Number, vpostest.OutcomeApprove)
			if err != nil || o.Status != vpos.StatusApproved {
				t.Fatalf("retry after decline: got %v, %v; want approved", o, err)
			}
			if got := l.Bookings(); got != 1 {
				t.Errorf("Bookings after retry: got %d, want 1", got)
			}
			if got := len(l.Entries()); got != 2 {
				t.Errorf("journal after retry: got %d entries, want 2", got)
			}
			if got := len(l.Orders()); got != 1 {
				t.Errorf("Orders after retry: got %d, want 1", got)
			}
		})
	}
}

func TestAuthorizeRefused(t *testing.T) {
	l, _ := newLedger(t)
	mustAuthorize(t, l, vpostest.KindSale, "SOLD", 1000)
	mustAuthorize(t, l, vpostest.KindSale, "VOIDED", 1000)
	if _, err := l.Void("VOIDED"); err != nil {
		t.Fatal(err)
	}
	mustAuthorize(t, l, vpostest.KindSale, "REFUNDED", 1000)
	if _, err := l.Refund("REFUNDED", 0); err != nil {
		t.Fatal(err)
	}
	mustAuthorize(t, l, vpostest.KindPreAuth, "HELD", 1000)
	before := len(l.Entries())

	tests := []struct {
		name    string
		kind    vpostest.Kind
		id      string
		amount  vpos.Amount
		cur     vpos.Currency
		outcome vpostest.Outcome
		want    error
	}{
		{"approved sale", vpostest.KindSale, "SOLD", 1000, vpos.TRY, vpostest.OutcomeApprove, vpostest.ErrDuplicateOrder},
		{"approved sale declined card", vpostest.KindSale, "SOLD", 1000, vpos.TRY, vpostest.OutcomeInsufficientFunds, vpostest.ErrDuplicateOrder},
		{"voided", vpostest.KindSale, "VOIDED", 1000, vpos.TRY, vpostest.OutcomeApprove, vpostest.ErrDuplicateOrder},
		{"refunded", vpostest.KindSale, "REFUNDED", 1000, vpos.TRY, vpostest.OutcomeApprove, vpostest.ErrDuplicateOrder},
		{"pre-auth as sale", vpostest.KindSale, "HELD", 1000, vpos.TRY, vpostest.OutcomeApprove, vpostest.ErrDuplicateOrder},
		{"zero amount", vpostest.KindSale, "NEW", 0, vpos.TRY, vpostest.OutcomeApprove, vpostest.ErrInvalidAmount},
		{"negative amount", vpostest.KindSale, "NEW", -5, vpos.TRY, vpostest.OutcomeApprove, vpostest.ErrInvalidAmount},
		{"unknown currency", vpostest.KindSale, "NEW", 100, "XXX", vpostest.OutcomeApprove, vpostest.ErrCurrency},
		{"empty currency", vpostest.KindSale, "NEW", 100, "", vpostest.OutcomeApprove, vpostest.ErrCurrency},
		{"empty order id", vpostest.KindSale, "", 100, vpos.TRY, vpostest.OutcomeApprove, vpostest.ErrInvalidRequest},
		{"unknown kind", "refund", "NEW", 100, vpos.TRY, vpostest.OutcomeApprove, vpostest.ErrInvalidRequest},
		{"unknown outcome", vpostest.KindSale, "NEW", 100, vpos.TRY, "maybe", vpostest.ErrInvalidRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := l.Authorize(tt.kind, tt.id, tt.amount, tt.cur, 1, testCards.Approve.Number, tt.outcome)
			if !errors.Is(err, tt.want) {
				t.Errorf("got %v, %v; want %v", o, err, tt.want)
			}
			if err != nil && !strings.HasPrefix(err.Error(), "vpostest: ") {
				t.Errorf("error %q: want the prefix %q", err, "vpostest: ")
			}
		})
	}
	if got := len(l.Entries()); got != before {
		t.Errorf("journal: got %d entries, want %d (refusals are not journalled)", got, before)
	}
	if got := l.Bookings(); got != 4 {
		t.Errorf("Bookings: got %d, want 4", got)
	}
}

func TestCapture(t *testing.T) {
	tests := []struct {
		name    string
		setup   func(t *testing.T, l *vpostest.Ledger) // books "X"
		amount  vpos.Amount
		want    error
		capture vpos.Amount // Captured afterwards
	}{
		{"full", preauth(1000), 0, nil, 1000},
		{"full explicit", preauth(1000), 1000, nil, 1000},
		{"partial", preauth(1000), 400, nil, 400},
		{"over-capture", preauth(1000), 1001, vpostest.ErrAmountExceeded, 0},
		{"negative", preauth(1000), -1, vpostest.ErrInvalidAmount, 0},
		{"already captured", func(t *testing.T, l *vpostest.Ledger) {
			preauth(1000)(t, l)
			if _, err := l.Capture("X", 300); err != nil {
				t.Fatal(err)
			}
		}, 100, vpostest.ErrInvalidState, 300},
		{"sale", func(t *testing.T, l *vpostest.Ledger) { mustAuthorize(t, l, vpostest.KindSale, "X", 1000) }, 0, vpostest.ErrInvalidState, 1000},
		{"unknown", func(*testing.T, *vpostest.Ledger) {}, 0, vpostest.ErrOrderNotFound, 0},
		{"voided", func(t *testing.T, l *vpostest.Ledger) {
			preauth(1000)(t, l)
			if _, err := l.Void("X"); err != nil {
				t.Fatal(err)
			}
		}, 0, vpostest.ErrInvalidState, 0},
		{"declined", func(t *testing.T, l *vpostest.Ledger) {
			if _, err := l.Authorize(vpostest.KindPreAuth, "X", 1000, vpos.TRY, 1, testCards.DoNotHonour.Number, vpostest.OutcomeDoNotHonour); err != nil {
				t.Fatal(err)
			}
		}, 0, vpostest.ErrInvalidState, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, _ := newLedger(t)
			tt.setup(t, l)
			o, err := l.Capture("X", tt.amount)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Capture(%d): got %v, want %v", tt.amount, err, tt.want)
			}
			if err == nil {
				if o.Captured != tt.capture || o.Status != vpos.StatusApproved {
					t.Errorf("got Captured %d status %s, want %d approved", o.Captured, o.Status, tt.capture)
				}
				last := o.Entries[len(o.Entries)-1]
				if last.Op != vpos.OpCapture || last.Amount != tt.capture || !last.Approved || last.TransID == o.TransID {
					t.Errorf("capture entry: got %+v, want an approved capture of %d with its own TransID", last, tt.capture)
				}
			}
			if got := l.BookedAmount("X"); got != tt.capture && tt.name != "voided" {
				t.Errorf("BookedAmount: got %d, want %d", got, tt.capture)
			}
		})
	}
}

// preauth returns a setup that books an approved pre-authorisation "X".
func preauth(amount vpos.Amount) func(t *testing.T, l *vpostest.Ledger) {
	return func(t *testing.T, l *vpostest.Ledger) {
		t.Helper()
		mustAuthorize(t, l, vpostest.KindPreAuth, "X", amount)
	}
}

func TestVoid(t *testing.T) {
	l, _ := newLedger(t)
	mustAuthorize(t, l, vpostest.KindSale, "S", 1000)
	o, err := l.Void("S")
	if err != nil {
		t.Fatalf("Void: %v", err)
	}
	if o.Status != vpos.StatusVoided {
		t.Errorf("status: got %s, want voided", o.Status)
	}
	if got := l.BookedAmount("S"); got != 0 {
		t.Errorf("BookedAmount: got %d, want 0", got)
	}
	if got := l.Bookings(); got != 1 {
		t.Errorf("Bookings: got %d, want 1 (a void does not unbook)", got)
	}
	last := l.Entries()[len(l.Entries())-1]
	if last.Op != vpos.OpVoid || last.Amount != 1000 || !last.Approved || last.Code != "00" {
		t.Errorf("void entry: got %+v", last)
	}
	if _, err := l.Void("S"); !errors.Is(err, vpostest.ErrInvalidState) {
		t.Errorf("second void: got %v, want ErrInvalidState", err)
	}
	if _, err := l.Refund("S", 0); !errors.Is(err, vpostest.ErrInvalidState) {
		t.Errorf("refund after void: got %v, want ErrInvalidState", err)
	}
	if _, err := l.Void("NOPE"); !errors.Is(err, vpostest.ErrOrderNotFound) {
		t.Errorf("void of unknown order: got %v, want ErrOrderNotFound", err)
	}

	mustAuthorize(t, l, vpostest.KindSale, "R", 1000)
	if _, err := l.Refund("R", 100); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Void("R"); !errors.Is(err, vpostest.ErrInvalidState) {
		t.Errorf("void after partial refund: got %v, want ErrInvalidState", err)
	}
	if _, err := l.Refund("R", 0); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Void("R"); !errors.Is(err, vpostest.ErrInvalidState) {
		t.Errorf("void after full refund: got %v, want ErrInvalidState", err)
	}

	if _, err := l.Authorize(vpostest.KindSale, "D", 1000, vpos.TRY, 1, testCards.LostCard.Number, vpostest.OutcomeLostCard); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Void("D"); !errors.Is(err, vpostest.ErrInvalidState) {
		t.Errorf("void of a declined order: got %v, want ErrInvalidState", err)
	}

	// A captured pre-auth: the void voids capture and hold.
	mustAuthorize(t, l, vpostest.KindPreAuth, "P", 1000)
	if _, err := l.Capture("P", 700); err != nil {
		t.Fatal(err)
	}
	o, err = l.Void("P")
	if err != nil || o.Status != vpos.StatusVoided {
		t.Fatalf("void of a captured pre-auth: got %v, %v; want voided", o, err)
	}
	if last := o.Entries[len(o.Entries)-1]; last.Amount != 700 {
		t.Errorf("void entry amount: got %d, want the captured 700", last.Amount)
	}
	if got := l.BookedAmount("P"); got != 0 {
		t.Errorf("BookedAmount: got %d, want 0", got)
	}
	if _, err := l.Refund("P", 0); !errors.Is(err, vpostest.ErrInvalidState) {
		t.Errorf("refund of a voided pre-auth: got %v, want ErrInvalidState", err)
	}
}

func TestVoidIstanbulDay(t *testing.T) {
	utc := func(d, h, m int) time.Time { return time.Date(2026, 3, d, h, m, 0, 0, time.UTC) }
	tests := []struct {
		name         string
		booked, void time.Time
		want         error
	}{
		{"same hour", utc(14, 9, 0), utc(14, 9, 30), nil},
		{"last minute of the Istanbul day", utc(14, 0, 0), utc(14, 20, 59), nil},
		// 23:30 and 00:30 Istanbul: one UTC day, two Istanbul days.
		{"next Istanbul day, same UTC day", utc(14, 20, 30), utc(14, 21, 30), vpostest.ErrInvalidState},
		// 00:30 and 05:00 Istanbul on the 15th: two UTC days, one Istanbul day.
		{"same Istanbul day, next UTC day", utc(14, 21, 30), utc(15, 2, 0), nil},
		{"a week later", utc(14, 9, 0), utc(21, 9, 0), vpostest.ErrInvalidState},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, c := newLedger(t)
			c.Set(tt.booked)
			mustAuthorize(t, l, vpostest.KindSale, "S", 1000)
			c.Set(tt.void)
			_, err := l.Void("S")
			if !errors.Is(err, tt.want) {
				t.Errorf("Void at %s of an order of %s: got %v, want %v", tt.void, tt.booked, err, tt.want)
			}
			wantStatus := vpos.StatusVoided
			if tt.want != nil {
				wantStatus = vpos.StatusApproved
			}
			if o, _ := l.Order("S"); o.Status != wantStatus {
				t.Errorf("status: got %s, want %s", o.Status, wantStatus)
			}
		})
	}
}

func TestRefund(t *testing.T) {
	type step struct {
		amount     vpos.Amount
		want       error
		wantStatus vpos.TxStatus
		wantLeft   vpos.Amount
	}
	tests := []struct {
		name  string
		setup func(t *testing.T, l *vpostest.Ledger)
		steps []step
	}{
		{"full", sale(1000), []step{{0, nil, vpos.StatusRefunded, 0}}},
		{"full explicit", sale(1000), []step{{1000, nil, vpos.StatusRefunded, 0}}},
		{"partials summing to the sale", sale(1000), []step{
			{300, nil, vpos.StatusPartiallyRefunded, 700},
			{300, nil, vpos.StatusPartiallyRefunded, 400},
			{400, nil, vpos.StatusRefunded, 0},
			{1, vpostest.ErrAmountExceeded, vpos.StatusRefunded, 0},
			{0, vpostest.ErrAmountExceeded, vpos.StatusRefunded, 0},
		}},
		{"partial then the rest", sale(1000), []step{
			{250, nil, vpos.StatusPartiallyRefunded, 750},
			{0, nil, vpos.StatusRefunded, 0},
		}},
		{"over-refund", sale(1000), []step{{1001, vpostest.ErrAmountExceeded, vpos.StatusApproved, 1000}}},
		{"over-refund after a partial", sale(1000), []step{
			{600, nil, vpos.StatusPartiallyRefunded, 400},
			{401, vpostest.ErrAmountExceeded, vpos.StatusPartiallyRefunded, 400},
		}},
		{"negative", sale(1000), []step{{-1, vpostest.ErrInvalidAmount, vpos.StatusApproved, 1000}}},
		{"unknown", func(*testing.T, *vpostest.Ledger) {}, []step{{0, vpostest.ErrOrderNotFound, "", 0}}},
		{"voided", func(t *testing.T, l *vpostest.Ledger) {
			sale(1000)(t, l)
			if _, err := l.Void("X"); err != nil {
				t.Fatal(err)
			}
		}, []step{{0, vpostest.ErrInvalidState, vpos.StatusVoided, 0}}},
		{"declined", func(t *testing.T, l *vpostest.Ledger) {
			if _, err := l.Authorize(vpostest.KindSale, "X", 1000, vpos.TRY, 1, testCards.Expired.Number, vpostest.OutcomeExpired); err != nil {
				t.Fatal(err)
			}
		}, []step{{0, vpostest.ErrInvalidState, vpos.StatusDeclined, 0}}},
		{"uncaptured pre-auth", preauth(1000), []step{{0, vpostest.ErrInvalidState, vpos.StatusApproved, 0}}},
		{"captured pre-auth", func(t *testing.T, l *vpostest.Ledger) {
			preauth(1000)(t, l)
			if _, err := l.Capture("X", 800); err != nil {
				t.Fatal(err)
			}
		}, []step{
			{801, vpostest.ErrAmountExceeded, vpos.StatusApproved, 800},
			{500, nil, vpos.StatusPartiallyRefunded, 300},
			{0, nil, vpos.StatusRefunded, 0},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, _ := newLedger(t)
			tt.setup(t, l)
			for i, s := range tt.steps {
				_, err := l.Refund("X", s.amount)
				if !errors.Is(err, s.want) {
					t.Fatalf("step %d: Refund(%d): got %v, want %v", i, s.amount, err, s.want)
				}
				o, ok := l.Order("X")
				if !ok {
					continue
				}
				if o.Status != s.wantStatus {
					t.Errorf("step %d: status: got %s, want %s", i, o.Status, s.wantStatus)
				}
				if got := l.BookedAmount("X"); got != s.wantLeft {
					t.Errorf("step %d: BookedAmount: got %d, want %d", i, got, s.wantLeft)
				}
				if o.Refunded > o.Captured {
					t.Errorf("step %d: refunded %d of %d", i, o.Refunded, o.Captured)
				}
			}
		})
	}
}

// sale returns a setup that books an approved sale "X".
func sale(amount vpos.Amount) func(t *testing.T, l *vpostest.Ledger) {
	return func(t *testing.T, l *vpostest.Ledger) {
		t.Helper()
		mustAuthorize(t, l, vpostest.KindSale, "X", amount)
	}
}

func TestJournal(t *testing.T) {
	l, c := newLedger(t)
	mustAuthorize(t, l, vpostest.KindSale, "A", 100)
	c.Set(noon.Add(time.Hour))
	if _, err := l.Authorize(vpostest.KindSale, "B", 200, vpos.TRY, 1, testCards.StolenCard.Number, vpostest.OutcomeStolenCard); err != nil {
		t.Fatal(err)
	}
	c.Set(noon.Add(2 * time.Hour))
	if _, err := l.Refund("A", 50); err != nil {
		t.Fatal(err)
	}
	c.Set(noon.Add(3 * time.Hour))
	mustAuthorize(t, l, vpostest.KindSale, "B", 200)

	entries := l.Entries()
	type line struct {
		seq      int
		order    string
		op       vpos.Op
		amount   vpos.Amount
		approved bool
		code     string
	}
	want := []line{
		{1, "A", vpos.OpSale, 100, true, "00"},
		{2, "B", vpos.OpSale, 200, false, "43"},
		{3, "A", vpos.OpRefund, 50, true, "00"},
		{4, "B", vpos.OpSale, 200, true, "00"},
	}
	if len(entries) != len(want) {
		t.Fatalf("got %d entries, want %d", len(entries), len(want))
	}
	seen := map[string]bool{}
	for i, e := range entries {
		got := line{e.Seq, e.OrderID, e.Op, e.Amount, e.Approved, e.Code}
		if got != want[i] {
			t.Errorf("entry %d: got %+v, want %+v", i, got, want[i])
		}
		if e.Currency != vpos.TRY {
			t.Errorf("entry %d: currency %s, want TRY", i, e.Currency)
		}
		if seen[e.TransID] {
			t.Errorf("entry %d: TransID %s repeats", i, e.TransID)
		}
		seen[e.TransID] = true
	}

	for _, tt := range []struct {
		from, to time.Time
		want     []int
	}{
		{noon, noon.Add(time.Hour), []int{1}},
		{noon, noon.Add(time.Hour + 1), []int{1, 2}},
		{noon.Add(time.Hour), noon.Add(3 * time.Hour), []int{2, 3}},
		{noon.Add(-time.Hour), noon, nil},
		{time.Time{}, noon.Add(24 * time.Hour), []int{1, 2, 3, 4}},
	} {
		var got []int
		for _, e := range l.Between(tt.from, tt.to) {
			got = append(got, e.Seq)
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("Between(%s, %s): got %v, want %v", tt.from.Format(time.TimeOnly), tt.to.Format(time.TimeOnly), got, tt.want)
		}
	}

	var ids []string
	for _, o := range l.Orders() {
		ids = append(ids, o.OrderID)
	}
	if got, want := strings.Join(ids, ","), "A,B"; got != want {
		t.Errorf("Orders: got %s, want %s", got, want)
	}
	b, _ := l.Order("B")
	if b.Status != vpos.StatusApproved || len(b.Entries) != 1 || !b.Created.Equal(noon.Add(3*time.Hour)) {
		t.Errorf("order B after a retry: got status %s, %d entries, created %s; want the approved retry only",
			b.Status, len(b.Entries), b.Created)
	}
}

func TestLedgerCopies(t *testing.T) {
	l, _ := newLedger(t)
	o := mustAuthorize(t, l, vpostest.KindSale, "A", 100)
	o.Status = vpos.StatusVoided
	o.Entries[0].Amount = 1
	got, _ := l.Order("A")
	got.Entries[0].Amount = 2
	l.Orders()[0].Entries[0].Amount = 3
	l.Entries()[0].Amount = 4
	again, _ := l.Order("A")
	if again.Status != vpos.StatusApproved || again.Entries[0].Amount != 100 || l.Entries()[0].Amount != 100 {
		t.Errorf("the ledger changed through a returned copy: %+v", again)
	}
	if _, ok := l.Order("B"); ok {
		t.Error("Order(unknown): got ok, want false")
	}
}

func TestLedgerKeepsNoPAN(t *testing.T) {
	l, _ := newLedger(t)
	for i, co := range testCards.All() {
		if _, err := l.Authorize(vpostest.KindSale, fmt.Sprint("O", i), 100, vpos.TRY, 1, co.Card.Number, co.Outcome); err != nil {
			t.Fatal(err)
		}
	}
	dump := fmt.Sprintf("%+v %+v", l.Orders(), l.Entries())
	for _, co := range testCards.All() {
		if strings.Contains(dump, co.Card.Number) {
			t.Errorf("the ledger holds the PAN of the %s card", co.Outcome)
		}
	}
}

func TestReferencesUnique(t *testing.T) {
	l, _ := newLedger(t)
	cvvRun := regexp.MustCompile(`[6-9]{3}`)
	seen := map[string]bool{}
	for i := range 3000 {
		id := fmt.Sprint("O", i)
		o := mustAuthorize(t, l, vpostest.KindSale, id, 100)
		r, err := l.Refund(id, 10)
		if err != nil {
			t.Fatal(err)
		}
		refundID := r.Entries[len(r.Entries)-1].TransID
		for _, ref := range []string{"T" + o.TransID, "R" + o.RRN, "T" + refundID} {
			if seen[ref] {
				t.Fatalf("order %d: reference %s repeats", i, ref)
			}
			seen[ref] = true
		}
		for _, v := range []string{o.TransID, o.RRN, o.AuthCode, refundID} {
			if cvvRun.MatchString(v) {
				t.Fatalf("order %d: reference %s has three digits from 6 to 9 in a row", i, v)
			}
		}
	}
}

func TestLedgerConcurrentDistinctOrders(t *testing.T) {
	l := vpostest.NewLedger(nil)
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for i := range 20 {
		wg.Go(func() {
			id := fmt.Sprint("ORD-", i)
			if _, err := l.Authorize(vpostest.KindSale, id, vpos.Amount(100+i), vpos.TRY, 1, testCards.Approve.Number, vpostest.OutcomeApprove); err != nil {
				errs <- err
				return
			}
			if _, err := l.Refund(id, 1); err != nil {
				errs <- err
			}
			_ = l.Orders()
			_ = l.Between(time.Time{}, time.Now().Add(time.Hour))
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got := l.Bookings(); got != 20 {
		t.Errorf("Bookings: got %d, want 20", got)
	}
	if got := len(l.Entries()); got != 40 {
		t.Errorf("journal: got %d entries, want 40", got)
	}
	for i := range 20 {
		if got, want := l.BookedAmount(fmt.Sprint("ORD-", i)), vpos.Amount(99+i); got != want {
			t.Errorf("BookedAmount(ORD-%d): got %d, want %d", i, got, want)
		}
	}
}

func TestLedgerConcurrentOneOrder(t *testing.T) {
	l := vpostest.NewLedger(nil)
	var wg sync.WaitGroup
	var mu sync.Mutex
	approved, duplicates := 0, 0
	start := make(chan struct{})
	for range 20 {
		wg.Go(func() {
			<-start
			o, err := l.Authorize(vpostest.KindSale, "ONE", 5000, vpos.TRY, 1, testCards.Approve.Number, vpostest.OutcomeApprove)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil && o.Status == vpos.StatusApproved:
				approved++
			case errors.Is(err, vpostest.ErrDuplicateOrder):
				duplicates++
			default:
				t.Errorf("got %v, %v; want approved or ErrDuplicateOrder", o, err)
			}
		})
	}
	close(start)
	wg.Wait()
	if approved != 1 || duplicates != 19 {
		t.Errorf("got %d approved and %d duplicates, want 1 and 19", approved, duplicates)
	}
	if got := l.Bookings(); got != 1 {
		t.Errorf("Bookings: got %d, want exactly 1", got)
	}
	if got := l.BookedAmount("ONE"); got != 5000 {
		t.Errorf("BookedAmount: got %d, want 5000", got)
	}
}

// ExampleLedger shows the bank's books as a fake bank keeps them.
func ExampleLedger() {
	cards := vpostest.DefaultCards(time.Now())
	book := cards.Book()
	l := vpostest.NewLedger(nil)

	pan := cards.Approve.Number
	o, _ := l.Authorize(vpostest.KindSale, "ORD-1", 10000, vpos.TRY, 1, pan, book.Outcome(pan))
	fmt.Println(o.Status, o.Code, o.MaskedPAN)

	o, _ = l.Refund("ORD-1", 2500)
	fmt.Println(o.Status, l.BookedAmount("ORD-1"))

	_, err := l.Void("ORD-1")
	fmt.Println(errors.Is(err, vpostest.ErrInvalidState))

	pan = cards.InsufficientFunds.Number
	o, _ = l.Authorize(vpostest.KindSale, "ORD-2", 5000, vpos.TRY, 1, pan, book.Outcome(pan))
	fmt.Println(o.Status, o.Code, book.Outcome(pan).Return())

	fmt.Println(l.Bookings(), len(l.Entries()))
	// Output:
	// approved 00 400000******0006
	// partially_refunded 7500
	// true
	// declined 51 declined_insufficient_funds
	// 1 3
}
