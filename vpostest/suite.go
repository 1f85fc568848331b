package vpostest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sanalpos/vpos"
)

// RunProviderTests is the conformance suite every protocol passes
// (CONFORMANCE.md). newHarness is called once per subtest, so every item
// starts with a fresh bank. Subtests of undeclared features skip; a declared
// feature that answers Unsupported fails. Every subtest ends with the
// hygiene check: no full card number, CVV, expiry, password or key in any
// log record, hook payload, error, stored record or Result it produced.
//
// Subtest names are stable ("Sale/Approved", "Faults/HangAfterBook", ...),
// so a protocol can run one with go test -run. Refunds looked up one by one
// (Features.RefundLookup) are covered by "Refund/Lookup" (or, where not
// declared, "Refund/LookupUndeclared") and, together with the settling of
// an interrupted refund, by "Faults/RefundHangAfterBook".
func RunProviderTests(t *testing.T, newHarness func(t *testing.T) Harness) {
	s := &suite{newHarness: newHarness}
	t.Run("Sale", s.sale)
	t.Run("PreAuth", s.preAuth)
	t.Run("Void", s.void)
	t.Run("Refund", s.refund)
	t.Run("Status", s.status)
	t.Run("History", s.history)
	t.Run("ThreeD", s.threeD)
	t.Run("Faults", s.faults)
	t.Run("Hygiene", s.hygiene)
}

type suite struct {
	newHarness func(t *testing.T) Harness
}

var orderSeq atomic.Int64

// newOrderID returns an order id every bank accepts: 20 characters,
// letters and digits, unique within the process and across runs.
func newOrderID() string {
	n := orderSeq.Add(1)
	return fmt.Sprintf("VT%012d%06d", time.Now().UnixNano()/1e6%1e12, n%1e6)
}

// env is one subtest's world: a fresh harness and a Client recording into
// an inspectable store, hook and logger.
type env struct {
	t       *testing.T
	h       Harness
	c       *vpos.Client
	opts    *vpos.Options
	store   *vpos.MemoryStore
	rec     *recorder
	cards   Cards
	feat    vpos.Features
	ctx     context.Context
	ledger  *Ledger
	secrets []string
}

func (s *suite) env(t *testing.T, tweak ...func(*vpos.Options)) *env {
	t.Helper()
	h := s.newHarness(t)
	t.Cleanup(h.Close)
	rec := &recorder{}
	e := &env{t: t, h: h, rec: rec, store: vpos.NewMemoryStore(), ctx: context.Background()}
	e.opts = e.options(e.store)
	for _, f := range tweak {
		f(e.opts)
	}
	c, err := h.Client(e.ctx, e.opts)
	if err != nil {
		t.Fatalf("harness Client: %v", err)
	}
	e.c, e.feat, e.cards, e.ledger, e.secrets = c, c.Features(), h.Cards(), h.Ledger(), h.Secrets()
	t.Cleanup(e.checkHygiene)
	return e
}

func (e *env) options(store vpos.Store) *vpos.Options {
	return &vpos.Options{
		Store:            store,
		Hooks:            []vpos.Hook{e.rec},
		Logger:           slog.New(slog.NewTextHandler(&e.rec.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Company:          "ACME",
		POS:              "main",
		Timeout:          15 * time.Second,
		StatusChecks:     3,
		StatusCheckDelay: 100 * time.Millisecond,
		CallbackWait:     10 * time.Second,
	}
}

// freshClient is a second Client on the same bank with an empty store: what
// another system (or a lost database) would see. The bank's own rules, not
// the Client's pre-checks, must then refuse what is wrong.
func (e *env) freshClient() *vpos.Client {
	e.t.Helper()
	c, err := e.h.Client(e.ctx, e.options(vpos.NewMemoryStore()))
	if err != nil {
		e.t.Fatalf("harness Client: %v", err)
	}
	return c
}

// note records a Result and an error for the hygiene check.
func (e *env) note(res *vpos.Result, err error) {
	e.rec.mu.Lock()
	defer e.rec.mu.Unlock()
	if res != nil {
		fmt.Fprintf(&e.rec.other, "%+v %+v\n", *res, res.ThreeD)
	}
	if err != nil {
		fmt.Fprintf(&e.rec.other, "%v %+v\n", err, err)
	}
}

func (e *env) saleReq(order string, amount vpos.Amount, card vpos.Card) *vpos.SaleRequest {
	return &vpos.SaleRequest{
		OrderID: order, Amount: amount, Currency: vpos.TRY, Card: card,
		CustomerIP: "192.0.2.10", CustomerEmail: "ayşe.yılmaz@örnek.com.tr", CustomerName: "Ayşe Yılmaz",
	}
}

func (e *env) sale(req *vpos.SaleRequest) (*vpos.Result, error) {
	res, err := e.c.Sale(e.ctx, req)
	e.note(res, err)
	return res, err
}

func (e *env) mustSale(amount vpos.Amount) (string, *vpos.Result) {
	e.t.Helper()
	order := newOrderID()
	res, err := e.sale(e.saleReq(order, amount, e.cards.Approve))
	if err != nil {
		e.t.Fatalf("Sale(%s, approve card) error: %v", order, err)
	}
	return order, res
}

// refund sends a refund of amount (0: what is left) of order through the
// env's Client and notes the outcome for the hygiene check.
func (e *env) refund(order string, amount vpos.Amount) (*vpos.Result, error) {
	res, err := e.c.Refund(e.ctx, &vpos.RefundRequest{OrderID: order, Amount: amount, Currency: vpos.TRY})
	e.note(res, err)
	return res, err
}

// lookup asks c about the one refund of order sent under requestID
// (StatusRequest.RequestID, Features.RefundLookup) and notes the outcome.
func (e *env) lookup(c *vpos.Client, order, requestID string) (*vpos.Result, error) {
	res, err := c.Status(e.ctx, &vpos.StatusRequest{OrderID: order, RequestID: requestID})
	e.note(res, err)
	return res, err
}

// exchangesSince returns the exchanges the hook recorded after the first n.
func (e *env) exchangesSince(n int) []vpos.Exchange {
	exs := e.rec.exchanges()
	if n > len(exs) {
		return nil
	}
	return exs[n:]
}

// bookings is the bank's number of approved authorisations (-1 in sandbox).
func (e *env) bookings() int {
	if e.ledger == nil {
		return -1
	}
	return e.ledger.Bookings()
}

func (e *env) wantBookings(want int) {
	e.t.Helper()
	if e.ledger == nil {
		return
	}
	if got := e.ledger.Bookings(); got != want {
		e.t.Errorf("bank bookings = %d, want %d", got, want)
	}
}

func (e *env) order(id string) *Order {
	if e.ledger == nil {
		return nil
	}
	o, _ := e.ledger.Order(id)
	return o
}

// record returns the stored records of an order of one op.
func (e *env) records(order string, op vpos.Op) []*vpos.Transaction {
	e.t.Helper()
	recs, err := e.store.FindOrder(e.ctx, "ACME", "main", order)
	if err != nil {
		e.t.Fatalf("store FindOrder: %v", err)
	}
	var out []*vpos.Transaction
	for _, r := range recs {
		if op == "" || r.Op == op {
			out = append(out, r)
		}
	}
	return out
}

func (e *env) wantRecord(order string, op vpos.Op, want vpos.TxStatus) *vpos.Transaction {
	e.t.Helper()
	recs := e.records(order, op)
	if len(recs) != 1 {
		e.t.Fatalf("stored %s records of order %s = %d, want 1", op, order, len(recs))
	}
	if recs[0].Status != want {
		e.t.Errorf("stored %s record status = %q, want %q", op, recs[0].Status, want)
	}
	return recs[0]
}

// requests returns the bank's request count (-1 when unknown).
func (e *env) requests() int { return e.h.Requests() }

// wantNoRequests checks that nothing reached the bank since before.
func (e *env) wantNoRequests(before int, what string) {
	e.t.Helper()
	if before < 0 {
		return
	}
	if got := e.requests(); got != before {
		e.t.Errorf("%s: %d request(s) reached the bank, want 0", what, got-before)
	}
}

func asError(t *testing.T, err error) *vpos.Error {
	t.Helper()
	var ve *vpos.Error
	if !errors.As(err, &ve) {
		t.Fatalf("error %v (%T) is not a *vpos.Error", err, err)
	}
	return ve
}

func wantIs(t *testing.T, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("error = %v, want one matching %v", err, target)
	}
}

// recorder is the suite's Hook and log sink.
type recorder struct {
	mu    sync.Mutex
	exs   []vpos.Exchange
	logs  lockedBuffer
	other bytes.Buffer
}

func (r *recorder) OnExchange(_ context.Context, ex vpos.Exchange) {
	r.mu.Lock()
	r.exs = append(r.exs, ex)
	r.mu.Unlock()
}

func (r *recorder) exchanges() []vpos.Exchange {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]vpos.Exchange(nil), r.exs...)
}

type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// checkHygiene greps everything the subtest recorded for card data and
// secrets.
func (e *env) checkHygiene() {
	t := e.t
	var hay strings.Builder
	for _, ex := range e.rec.exchanges() {
		fmt.Fprintf(&hay, "exchange %+v\n", ex)
	}
	hay.WriteString(e.rec.logs.String())
	e.rec.mu.Lock()
	hay.WriteString(e.rec.other.String())
	e.rec.mu.Unlock()
	cursor := ""
	for {
		recs, next, err := e.store.List(context.Background(), vpos.ListFilter{Limit: 500, Cursor: cursor})
		if err != nil {
			t.Errorf("hygiene: store List: %v", err)
			break
		}
		for _, r := range recs {
			fmt.Fprintf(&hay, "record %+v\n", *r)
		}
		if next == "" {
			break
		}
		cursor = next
	}
	text := hay.String()
	for _, leak := range findLeaks(text, e.cards, e.secrets) {
		t.Errorf("hygiene: %s", leak)
	}
}

// findLeaks returns a description of every card datum or secret found in
// text (the descriptions themselves carry no secret).
func findLeaks(text string, cards Cards, secrets []string) []string {
	var leaks []string
	for i, s := range secrets {
		if len(s) >= 4 && strings.Contains(text, s) {
			leaks = append(leaks, fmt.Sprintf("secret #%d (%d characters) appears in the recorded output", i+1, len(s)))
		}
	}
	seen := map[string]bool{}
	for _, c := range cards.all() {
		c = c.Normalize()
		if c.Number == "" || seen[c.Number] {
			continue
		}
		seen[c.Number] = true
		if strings.Contains(text, c.Number) {
			leaks = append(leaks, fmt.Sprintf("full card number %s appears in the recorded output", c.Masked()))
		}
		if c.CVV != "" && fieldValue(cvvNames, c.CVV).MatchString(text) {
			leaks = append(leaks, fmt.Sprintf("CVV of card %s appears in the recorded output", c.Masked()))
		}
		mm, yy, yyyy := fmt.Sprintf("%02d", c.ExpMonth), fmt.Sprintf("%02d", c.ExpYear%100), fmt.Sprint(c.ExpYear)
		for _, form := range []string{mm + yy, yy + mm, mm + "/" + yy, mm + "/" + yyyy, yyyy + mm} {
			if fieldValue(expNames, form).MatchString(text) {
				leaks = append(leaks, fmt.Sprintf("expiry of card %s appears in the recorded output as %q", c.Masked(), strings.Repeat("*", len(form))))
			}
		}
	}
	return leaks
}

var (
	cvvNames = `cvv|cvc|cv2|securitycode|security_code|guvenlik`
	expNames = `exp|skt|valid`
)

// fieldValue matches s written as the value of a field whose name contains
// one of names: the name (plus more name characters, as in Cvv2Val or
// ExpireDate), at most four separator characters (`=`, `>`, `":"`, `: `),
// then s standing alone. Short numbers such as a CVV occur by chance in
// timestamps and ids; as a field's value they are a leak.
func fieldValue(names, s string) *regexp.Regexp {
	return regexp.MustCompile(`(?i)(` + names + `)[a-z0-9_]*[^a-z0-9]{1,4}` + regexp.QuoteMeta(s) + `($|[^0-9])`)
}

func (c Cards) all() []vpos.Card {
	return []vpos.Card{c.Approve, c.InsufficientFunds, c.DoNotHonour, c.LostCard, c.StolenCard, c.Expired, c.InvalidCVV, c.ThreeD}
}
