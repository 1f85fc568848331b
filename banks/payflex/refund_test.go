package payflex_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks/payflex"
	"github.com/sanalpos/vpos/banks/payflex/payflextest"
	"github.com/sanalpos/vpos/returncodes"
	"github.com/sanalpos/vpos/vpostest"
)

// refundEnv is a Client and a bare Provider on one fake bank.
func refundEnv(t *testing.T, statusChecks int) (*payflextest.Server, *payflex.Provider, *vpos.Client, *vpos.MemoryStore) {
	t.Helper()
	s := payflextest.NewServer()
	t.Cleanup(s.Close)
	store := vpos.NewMemoryStore()
	opts := &vpos.Options{HTTPClient: s.HTTPClient(), Store: store, Company: "c", POS: "p",
		Timeout: 700 * time.Millisecond, StatusChecks: statusChecks}
	p, err := payflex.New(fakeConfig(s), opts)
	if err != nil {
		t.Fatal(err)
	}
	return s, p, vpos.NewClient(p, opts), store
}

func refunds(t *testing.T, store vpos.Store, order string) []*vpos.Transaction {
	t.Helper()
	recs, err := store.FindOrder(context.Background(), "c", "p", order)
	if err != nil {
		t.Fatal(err)
	}
	var out []*vpos.Transaction
	for _, r := range recs {
		if r.Op == vpos.OpRefund {
			out = append(out, r)
		}
	}
	return out
}

// TestRefundLookup: each refund goes out under its record's id as the
// TransactionId, and the search by that id answers about that one refund
// (payflex.md §6, §10.1, §10.5).
func TestRefundLookup(t *testing.T) {
	ctx := context.Background()
	s, p, c, store := refundEnv(t, 0)
	order := "PFREFUND0000000001"
	sale, err := c.Sale(ctx, &vpos.SaleRequest{OrderID: order, Amount: 10000, Currency: vpos.TRY, Card: s.Cards().Approve})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []vpos.Amount{2500, 1500} {
		if _, err := c.Refund(ctx, &vpos.RefundRequest{OrderID: order, Amount: a}); err != nil {
			t.Fatalf("Refund(%d): %v", a, err)
		}
	}
	recs := refunds(t, store, order)
	if len(recs) != 2 {
		t.Fatalf("refund records = %d, want 2", len(recs))
	}
	for i, want := range []vpos.Amount{2500, 1500} {
		res, err := p.Status(ctx, &vpos.StatusRequest{OrderID: order, RequestID: recs[i].ID})
		if err != nil {
			t.Fatal(err)
		}
		if res.Status != vpos.StatusApproved || res.Amount != want || res.TransactionID != recs[i].ID {
			t.Errorf("lookup of refund %d = %s %d %q, want approved %d under %q", i+1, res.Status, res.Amount, res.TransactionID, want, recs[i].ID)
		}
	}
	tests := []struct {
		name, order, id string
		wantReturn      returncodes.Code
	}{
		{"an id the bank never saw", order, vpos.NewID(), returncodes.NotFound},
		{"the sale's id", order, sale.TransactionID, ""},
		{"a refund of another order", "PFREFUND0000000999", recs[0].ID, ""},
	}
	for _, tt := range tests {
		res, err := p.Status(ctx, &vpos.StatusRequest{OrderID: tt.order, RequestID: tt.id})
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if res.Approved || res.Status != "" || res.Return != tt.wantReturn {
			t.Errorf("%s: Status %q Return %q approved %v, want no state and Return %q", tt.name, res.Status, res.Return, res.Approved, tt.wantReturn)
		}
	}
	// The order's status: IsRefunded, summed by the Client from the two
	// lookups.
	res, err := c.Status(ctx, &vpos.StatusRequest{OrderID: order})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != vpos.StatusPartiallyRefunded || res.RefundedAmount != 4000 {
		t.Errorf("order status = %s refunded %d, want partially_refunded 4000", res.Status, res.RefundedAmount)
	}
}

// TestRefundHangSettledByLookup: a partial refund whose reply is lost
// after the bank booked it is settled from its own record; a refund that
// never got a reply and was never booked (HTTP 500) is found absent.
func TestRefundHangSettledByLookup(t *testing.T) {
	ctx := context.Background()
	s, _, c, store := refundEnv(t, 0)
	order := "PFREFUND0000000002"
	if _, err := c.Sale(ctx, &vpos.SaleRequest{OrderID: order, Amount: 10000, Currency: vpos.TRY, Card: s.Cards().Approve}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Refund(ctx, &vpos.RefundRequest{OrderID: order, Amount: 3000}); err != nil {
		t.Fatal(err)
	}
	s.Faults().Arm(vpostest.FaultHangAfterBook)
	res, err := c.Refund(ctx, &vpos.RefundRequest{OrderID: order, Amount: 2000})
	s.Faults().Arm(vpostest.FaultNone)
	if err != nil || !res.Approved {
		t.Fatalf("Refund after a hang = %+v, %v; want approved by the lookup", res, err)
	}
	s.Faults().Arm(vpostest.FaultHTTP500)
	if _, err := c.Refund(ctx, &vpos.RefundRequest{OrderID: order, Amount: 1000}); !errors.Is(err, vpos.ErrUnavailable) {
		t.Fatalf("Refund after a 500 = %v, want ErrUnavailable (looked up: not booked)", err)
	}
	o, _ := s.Ledger().Order(order)
	if o == nil || o.Refunded != 5000 || o.Status != vpos.StatusPartiallyRefunded {
		t.Fatalf("bank order = %+v, want partially refunded 5000", o)
	}
	var statuses []vpos.TxStatus
	for _, r := range refunds(t, store, order) {
		statuses = append(statuses, r.Status)
	}
	want := []vpos.TxStatus{vpos.StatusApproved, vpos.StatusApproved, vpos.StatusError}
	if len(statuses) != len(want) || statuses[0] != want[0] || statuses[1] != want[1] || statuses[2] != want[2] {
		t.Errorf("refund records = %v, want %v", statuses, want)
	}
	if sale := onlySale(t, store, order); sale.RefundedAmount != 5000 || sale.Status != vpos.StatusPartiallyRefunded {
		t.Errorf("stored sale = %s refunded %d, want partially_refunded 5000", sale.Status, sale.RefundedAmount)
	}
}

func onlySale(t *testing.T, store vpos.Store, order string) *vpos.Transaction {
	t.Helper()
	recs, err := store.FindOrder(context.Background(), "c", "p", order)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if r.Op == vpos.OpSale {
			return r
		}
	}
	t.Fatalf("no sale record for %s", order)
	return nil
}
