package vpos_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/returncodes"
	"github.com/sanalpos/vpos/vpostest"
	"github.com/sanalpos/vpos/vpostest/refpos"
)

// flagOnly is a bank like PayFlex: its order status says "refunded"
// without an amount. With lookup set it declares Features.RefundLookup and
// answers about one refund by the RequestID it was sent with, from the
// bank's ledger (booked when the order's refunded total grew by the
// refund's amount after it was sent).
type flagOnly struct {
	*refpos.Provider
	bank   *refpos.Bank
	lookup bool

	mu      sync.Mutex
	sent    map[string]sentRefund // by RequestID
	lookups []string              // RequestIDs asked about
}

type sentRefund struct {
	order          string
	amount, before vpos.Amount
}

func (p *flagOnly) Features() vpos.Features {
	f := p.Provider.Features()
	f.RefundLookup = p.lookup
	return f
}

func (p *flagOnly) Refund(ctx context.Context, req *vpos.RefundRequest) (*vpos.Result, error) {
	var before vpos.Amount
	if o, ok := p.bank.Ledger().Order(req.OrderID); ok {
		before = o.Refunded
	}
	p.mu.Lock()
	if req.RequestID != "" {
		p.sent[req.RequestID] = sentRefund{req.OrderID, req.Amount, before}
	}
	p.mu.Unlock()
	return p.Provider.Refund(ctx, req)
}

func (p *flagOnly) Status(ctx context.Context, req *vpos.StatusRequest) (*vpos.Result, error) {
	if req.RequestID != "" {
		p.mu.Lock()
		p.lookups = append(p.lookups, req.RequestID)
		s, ok := p.sent[req.RequestID]
		p.mu.Unlock()
		o, known := p.bank.Ledger().Order(req.OrderID)
		if !ok || !known || s.order != req.OrderID || o.Refunded < s.before+s.amount {
			return &vpos.Result{Op: vpos.OpStatus, OrderID: req.OrderID, Return: returncodes.NotFound}, nil
		}
		return &vpos.Result{Op: vpos.OpStatus, OrderID: req.OrderID, Approved: true, Status: vpos.StatusApproved,
			Amount: s.amount, Currency: o.Currency, Return: returncodes.Approved}, nil
	}
	res, err := p.Provider.Status(ctx, req)
	if err == nil && res != nil && (res.Status == vpos.StatusRefunded || res.Status == vpos.StatusPartiallyRefunded) {
		res.Status, res.RefundedAmount = vpos.StatusRefunded, 0
	}
	return res, err
}

func (p *flagOnly) asked() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.lookups...)
}

// flagOnlyEnv is a Client over a flagOnly bank; statusChecks as in
// vpos.Options (-1: no inquiries of its own, for the Resolver).
func flagOnlyEnv(t *testing.T, lookup bool, statusChecks int) (*refpos.Bank, *flagOnly, *vpos.Client, *vpos.MemoryStore) {
	t.Helper()
	bank := refpos.NewBank()
	t.Cleanup(bank.Close)
	m, pw, key := bank.Credentials()
	store := vpos.NewMemoryStore()
	opts := &vpos.Options{HTTPClient: bank.Faults().HTTPClient(), Store: store, Company: "ACME", POS: "main",
		Timeout: 500 * time.Millisecond, StatusChecks: statusChecks}
	inner, err := refpos.New(refpos.Config{Endpoint: bank.URL(), MerchantID: m, Password: pw, StoreKey: key}, opts)
	if err != nil {
		t.Fatal(err)
	}
	p := &flagOnly{Provider: inner, bank: bank, lookup: lookup, sent: map[string]sentRefund{}}
	return bank, p, vpos.NewClient(p, opts), store
}

func ledgerRefunded(t *testing.T, bank *refpos.Bank, order string) vpos.Amount {
	t.Helper()
	o, ok := bank.Ledger().Order(order)
	if !ok {
		t.Fatalf("the bank does not know %s", order)
	}
	return o.Refunded
}

// TestRefundLookupSettlesInterruptedRefund: a second partial refund whose
// reply is lost after the bank booked it is settled by asking about that
// one refund (its RequestID), not by the order's flag.
func TestRefundLookupSettlesInterruptedRefund(t *testing.T) {
	ctx := context.Background()
	bank, p, c, store := flagOnlyEnv(t, true, 0)
	if _, err := c.Sale(ctx, &vpos.SaleRequest{OrderID: "L-1", Amount: 10000, Currency: vpos.TRY, Card: bank.Cards().Approve}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Refund(ctx, &vpos.RefundRequest{OrderID: "L-1", Amount: 3000}); err != nil {
		t.Fatal(err)
	}
	bank.Faults().Arm(vpostest.FaultHangAfterBook)
	res, err := c.Refund(ctx, &vpos.RefundRequest{OrderID: "L-1", Amount: 2000})
	if err != nil {
		t.Fatalf("Refund after a hang = %v, want approved (settled by the refund lookup)", err)
	}
	if !res.Approved || res.Extra["settled_by"] != "status_inquiry" {
		t.Errorf("Result = %+v, want approved, settled by status inquiry", res)
	}
	refunds := opRecords(t, store, "L-1", vpos.OpRefund)
	if len(refunds) != 2 || refunds[1].Status != vpos.StatusApproved {
		t.Fatalf("refund records = %d (second %+v), want 2, the second approved", len(refunds), refunds[len(refunds)-1])
	}
	if got := p.asked(); len(got) != 1 || got[0] != refunds[1].ID {
		t.Errorf("lookups = %v, want exactly the second refund's record id %s", got, refunds[1].ID)
	}
	sale := onlyRecord(t, store, "L-1", vpos.OpSale)
	if sale.Status != vpos.StatusPartiallyRefunded || sale.RefundedAmount != 5000 {
		t.Errorf("sale = %s refunded %d, want partially_refunded 5000", sale.Status, sale.RefundedAmount)
	}
	if got := ledgerRefunded(t, bank, "L-1"); got != 5000 {
		t.Errorf("bank refunded %d, want 5000 (each refund booked once)", got)
	}
}

// TestRefundLookupNotBooked: a refund that never reached the bank (500
// before processing) is looked up, found absent and recorded as an error,
// so a new refund may be made.
func TestRefundLookupNotBooked(t *testing.T) {
	ctx := context.Background()
	bank, _, c, store := flagOnlyEnv(t, true, 0)
	if _, err := c.Sale(ctx, &vpos.SaleRequest{OrderID: "L-2", Amount: 10000, Currency: vpos.TRY, Card: bank.Cards().Approve}); err != nil {
		t.Fatal(err)
	}
	bank.Faults().Arm(vpostest.FaultHTTP500)
	if _, err := c.Refund(ctx, &vpos.RefundRequest{OrderID: "L-2", Amount: 4000}); !errors.Is(err, vpos.ErrUnavailable) {
		t.Fatalf("Refund after a 500 = %v, want ErrUnavailable (looked up, not booked)", err)
	}
	if r := opRecords(t, store, "L-2", vpos.OpRefund); len(r) != 1 || r[0].Status != vpos.StatusError {
		t.Fatalf("refund record = %+v, want one, error", r)
	}
	if _, err := c.Refund(ctx, &vpos.RefundRequest{OrderID: "L-2", Amount: 4000}); err != nil {
		t.Fatalf("new refund after the failed one: %v", err)
	}
	if got := ledgerRefunded(t, bank, "L-2"); got != 4000 {
		t.Errorf("bank refunded %d, want 4000", got)
	}
}

// TestRefundFlagWithoutLookupStaysUnknown: without RefundLookup, an order
// status that says "refunded" without an amount cannot settle a refund
// either way: the outcome stays unknown rather than being guessed.
func TestRefundFlagWithoutLookupStaysUnknown(t *testing.T) {
	ctx := context.Background()
	bank, _, c, store := flagOnlyEnv(t, false, 0)
	if _, err := c.Sale(ctx, &vpos.SaleRequest{OrderID: "L-3", Amount: 10000, Currency: vpos.TRY, Card: bank.Cards().Approve}); err != nil {
		t.Fatal(err)
	}
	bank.Faults().Arm(vpostest.FaultHangAfterBook)
	if _, err := c.Refund(ctx, &vpos.RefundRequest{OrderID: "L-3", Amount: 10000}); !errors.Is(err, vpos.ErrUnknownOutcome) {
		t.Fatalf("Refund = %v, want ErrUnknownOutcome", err)
	}
	if r := opRecords(t, store, "L-3", vpos.OpRefund); len(r) != 1 || r[0].Status != vpos.StatusUnknown {
		t.Fatalf("refund record = %+v, want one, unknown", r)
	}
	if got := ledgerRefunded(t, bank, "L-3"); got != 10000 {
		t.Errorf("bank refunded %d, want 10000", got)
	}
}

// TestResolverRefundLookup: the Resolver settles an unknown refund by its
// lookup too.
func TestResolverRefundLookup(t *testing.T) {
	ctx := context.Background()
	bank, p, c, store := flagOnlyEnv(t, true, -1)
	if _, err := c.Sale(ctx, &vpos.SaleRequest{OrderID: "L-4", Amount: 10000, Currency: vpos.TRY, Card: bank.Cards().Approve}); err != nil {
		t.Fatal(err)
	}
	bank.Faults().Arm(vpostest.FaultHangAfterBook)
	if _, err := c.Refund(ctx, &vpos.RefundRequest{OrderID: "L-4", Amount: 2500}); !errors.Is(err, vpos.ErrUnknownOutcome) {
		t.Fatalf("Refund = %v, want ErrUnknownOutcome (no inquiries)", err)
	}
	if want := (vpos.ResolveReport{Checked: 1, Approved: 1}); *resolveNow(t, c) != want {
		t.Errorf("resolver report differs from %+v", want)
	}
	refund := onlyRecord(t, store, "L-4", vpos.OpRefund)
	if refund.Status != vpos.StatusApproved {
		t.Errorf("refund = %s, want approved", refund.Status)
	}
	if got := p.asked(); len(got) != 1 || got[0] != refund.ID {
		t.Errorf("lookups = %v, want [%s]", got, refund.ID)
	}
	if sale := onlyRecord(t, store, "L-4", vpos.OpSale); sale.Status != vpos.StatusPartiallyRefunded || sale.RefundedAmount != 2500 {
		t.Errorf("sale = %s refunded %d, want partially_refunded 2500", sale.Status, sale.RefundedAmount)
	}
}

// TestStatusSumsLookedUpRefunds: Client.Status completes "refunded, amount
// unknown" with the sum of the order's refunds the bank confirms one by one.
func TestStatusSumsLookedUpRefunds(t *testing.T) {
	ctx := context.Background()
	bank, _, c, _ := flagOnlyEnv(t, true, 0)
	if _, err := c.Sale(ctx, &vpos.SaleRequest{OrderID: "L-5", Amount: 10000, Currency: vpos.TRY, Card: bank.Cards().Approve}); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		refund vpos.Amount
		status vpos.TxStatus
		total  vpos.Amount
	}{
		{3000, vpos.StatusPartiallyRefunded, 3000},
		{2000, vpos.StatusPartiallyRefunded, 5000},
		{5000, vpos.StatusRefunded, 10000},
	}
	for _, s := range steps {
		if _, err := c.Refund(ctx, &vpos.RefundRequest{OrderID: "L-5", Amount: s.refund}); err != nil {
			t.Fatal(err)
		}
		res, err := c.Status(ctx, &vpos.StatusRequest{OrderID: "L-5"})
		if err != nil {
			t.Fatal(err)
		}
		if res.Status != s.status || res.RefundedAmount != s.total {
			t.Errorf("after refunding %d: Status = %s refunded %d, want %s %d", s.refund, res.Status, res.RefundedAmount, s.status, s.total)
		}
		if res.Extra["refunded_amount"] != "sum of the refunds looked up" {
			t.Errorf("Extra = %v, want the refunded amount's source", res.Extra)
		}
	}

	// A client whose store does not know the refunds reports the bank's
	// flag as it is, and says the amount is unknown.
	m, pw, key := bank.Credentials()
	other, err := refpos.New(refpos.Config{Endpoint: bank.URL(), MerchantID: m, Password: pw, StoreKey: key}, nil)
	if err != nil {
		t.Fatal(err)
	}
	fresh := vpos.NewClient(&flagOnly{Provider: other, bank: bank, lookup: true, sent: map[string]sentRefund{}},
		&vpos.Options{Store: vpos.NewMemoryStore(), Company: "ACME", POS: "main"})
	res, err := fresh.Status(ctx, &vpos.StatusRequest{OrderID: "L-5"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != vpos.StatusRefunded || res.RefundedAmount != 0 || res.Extra["refunded_amount"] != "unknown" {
		t.Errorf("Status without known refunds = %s %d %v, want refunded, 0, unknown", res.Status, res.RefundedAmount, res.Extra)
	}
}

// TestStatusRequestIDNeedsRefundLookup: a RequestID on a provider that
// cannot look refunds up is refused naming the field, before any request.
func TestStatusRequestIDNeedsRefundLookup(t *testing.T) {
	bank, _, c, _ := flagOnlyEnv(t, false, 0)
	before := bank.Faults().Requests()
	_, err := c.Status(context.Background(), &vpos.StatusRequest{OrderID: "L-6", RequestID: vpos.NewID()})
	var e *vpos.Error
	if !errors.As(err, &e) || e.Code != vpos.Unsupported || e.Field != "RequestID" {
		t.Fatalf("Status with RequestID = %v, want Unsupported naming RequestID", err)
	}
	if got := bank.Faults().Requests(); got != before {
		t.Errorf("requests sent = %d, want none", got-before)
	}
}

// TestStatusRequestIDChecked: a malformed RequestID is refused naming the
// field, before any request.
func TestStatusRequestIDChecked(t *testing.T) {
	bank, _, c, _ := flagOnlyEnv(t, true, 0)
	before := bank.Faults().Requests()
	for _, id := range []string{"<TransactionId>", strings.Repeat("a", 65), "id with space"} {
		_, err := c.Status(context.Background(), &vpos.StatusRequest{OrderID: "L-7", RequestID: id})
		var e *vpos.Error
		if !errors.As(err, &e) || e.Code != vpos.InvalidRequest || e.Field != "RequestID" {
			t.Errorf("Status with RequestID %q = %v, want InvalidRequest naming RequestID", id, err)
		}
	}
	if got := bank.Faults().Requests(); got != before {
		t.Errorf("requests sent = %d, want none", got-before)
	}
}
