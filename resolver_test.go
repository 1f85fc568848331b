package vpos_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/threed"
	"github.com/sanalpos/vpos/vpostest"
	"github.com/sanalpos/vpos/vpostest/refpos"
)

// resolverEnv is a client that does no status inquiries of its own, so its
// ambiguous calls stay unknown for the Resolver.
func resolverEnv(t *testing.T) (*refpos.Bank, *vpos.Client, *vpos.MemoryStore) {
	t.Helper()
	bank := refpos.NewBank()
	t.Cleanup(bank.Close)
	m, pw, key := bank.Credentials()
	store := vpos.NewMemoryStore()
	c, err := refpos.Open(refpos.Config{Endpoint: bank.URL(), MerchantID: m, Password: pw, StoreKey: key}, &vpos.Options{
		HTTPClient: bank.Faults().HTTPClient(), Store: store, Company: "ACME", POS: "main",
		Timeout: 500 * time.Millisecond, StatusChecks: -1,
	})
	if err != nil {
		t.Fatal(err)
	}
	return bank, c, store
}

func resolveNow(t *testing.T, c *vpos.Client) *vpos.ResolveReport {
	t.Helper()
	r := vpos.NewResolver(c)
	r.UnknownAge, r.PendingAge = -time.Second, -time.Second
	rep, err := r.Run(context.Background())
	if err != nil {
		t.Fatalf("Resolver.Run: %v", err)
	}
	return rep
}

// opRecords returns the stored op records of order (ACME/main), oldest
// first.
func opRecords(t *testing.T, store vpos.Store, order string, op vpos.Op) []*vpos.Transaction {
	t.Helper()
	recs, err := store.FindOrder(context.Background(), "ACME", "main", order)
	if err != nil {
		t.Fatal(err)
	}
	var out []*vpos.Transaction
	for _, r := range recs {
		if r.Op == op {
			out = append(out, r)
		}
	}
	return out
}

func onlyRecord(t *testing.T, store vpos.Store, order string, op vpos.Op) *vpos.Transaction {
	t.Helper()
	out := opRecords(t, store, order, op)
	if len(out) != 1 {
		t.Fatalf("%s records of %s = %d, want 1", op, order, len(out))
	}
	return out[0]
}

func TestResolver(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name       string
		fault      vpostest.Fault
		wantStatus vpos.TxStatus
		wantReport vpos.ResolveReport
		wantBooked int
	}{
		{"hang after the bank booked", vpostest.FaultHangAfterBook, vpos.StatusApproved, vpos.ResolveReport{Checked: 1, Approved: 1}, 1},
		{"malformed reply after booking", vpostest.FaultMalformedReply, vpos.StatusApproved, vpos.ResolveReport{Checked: 1, Approved: 1}, 1},
		{"HTTP 500 before booking", vpostest.FaultHTTP500, vpos.StatusError, vpos.ResolveReport{Checked: 1, NotBooked: 1}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bank, c, store := resolverEnv(t)
			bank.Faults().Arm(tt.fault)
			_, err := c.Sale(ctx, &vpos.SaleRequest{OrderID: "R-1", Amount: 4200, Currency: vpos.TRY, Card: bank.Cards().Approve})
			if !errors.Is(err, vpos.ErrUnknownOutcome) {
				t.Fatalf("Sale = %v, want ErrUnknownOutcome", err)
			}
			if got := onlyRecord(t, store, "R-1", vpos.OpSale).Status; got != vpos.StatusUnknown {
				t.Fatalf("stored status before resolving = %s, want unknown", got)
			}
			if got := *resolveNow(t, c); got != tt.wantReport {
				t.Errorf("report = %+v, want %+v", got, tt.wantReport)
			}
			rec := onlyRecord(t, store, "R-1", vpos.OpSale)
			if rec.Status != tt.wantStatus {
				t.Errorf("stored status = %s, want %s", rec.Status, tt.wantStatus)
			}
			if got := bank.Ledger().Bookings(); got != tt.wantBooked {
				t.Errorf("bookings = %d, want %d", got, tt.wantBooked)
			}
			var inquiries int
			for _, ev := range rec.Events {
				if ev.Kind == vpos.EventInquiry {
					inquiries++
				}
			}
			if inquiries != 1 {
				t.Errorf("inquiry events = %d, want 1", inquiries)
			}
			// Idempotent: nothing left to do.
			if got := *resolveNow(t, c); got != (vpos.ResolveReport{}) {
				t.Errorf("second run = %+v, want nothing done", got)
			}
		})
	}
}

func TestResolverRefundAndPending3D(t *testing.T) {
	ctx := context.Background()
	bank, c, store := resolverEnv(t)
	if _, err := c.Sale(ctx, &vpos.SaleRequest{OrderID: "R-2", Amount: 10000, Currency: vpos.TRY, Card: bank.Cards().Approve}); err != nil {
		t.Fatal(err)
	}
	bank.Faults().Arm(vpostest.FaultHangAfterBook)
	if _, err := c.Refund(ctx, &vpos.RefundRequest{OrderID: "R-2", Amount: 2500}); !errors.Is(err, vpos.ErrUnknownOutcome) {
		t.Fatalf("Refund = %v, want ErrUnknownOutcome", err)
	}
	// A second refund waits until the first is settled.
	if _, err := c.Refund(ctx, &vpos.RefundRequest{OrderID: "R-2", Amount: 1000}); !errors.Is(err, vpos.ErrDuplicate) {
		t.Fatalf("second Refund while the first is unknown = %v, want ErrDuplicate", err)
	}

	// Two 3-D Secure payments the shopper never finished: one abandoned at
	// the ACS, one (3d_pay) booked by the bank whose callback never came.
	begin := func(order string, m threed.Model) *threed.Form {
		form, err := c.Begin3D(ctx, &vpos.ThreeDRequest{OrderID: order, Amount: 7000, Currency: vpos.TRY, Model: m,
			Card: bank.Cards().ThreeD, OkURL: "https://shop.example/ok"})
		if err != nil {
			t.Fatal(err)
		}
		return form
	}
	begin("R-3", threed.Model3D)
	paid := begin("R-4", threed.Model3DPay)
	if _, err := (&vpostest.Browser{}).RunACS(ctx, paid, vpostest.ACSSuccess); err != nil {
		t.Fatal(err)
	}

	rep := resolveNow(t, c)
	if want := (vpos.ResolveReport{Checked: 3, Approved: 2, NotBooked: 1}); *rep != want {
		t.Errorf("report = %+v, want %+v", *rep, want)
	}
	if got := onlyRecord(t, store, "R-2", vpos.OpRefund).Status; got != vpos.StatusApproved {
		t.Errorf("refund = %s, want approved", got)
	}
	if sale := onlyRecord(t, store, "R-2", vpos.OpSale); sale.Status != vpos.StatusPartiallyRefunded || sale.RefundedAmount != 2500 {
		t.Errorf("sale = %s refunded %d, want partially_refunded 2500", sale.Status, sale.RefundedAmount)
	}
	if got := onlyRecord(t, store, "R-3", vpos.OpSale).Status; got != vpos.StatusError {
		t.Errorf("abandoned 3D = %s, want error", got)
	}
	if got := onlyRecord(t, store, "R-4", vpos.OpSale).Status; got != vpos.StatusApproved {
		t.Errorf("3d_pay booked without callback = %s, want approved", got)
	}
	if got := bank.Ledger().Bookings(); got != 2 {
		t.Errorf("bookings = %d, want 2", got)
	}
}

func TestResolverLimitAndAge(t *testing.T) {
	ctx := context.Background()
	bank, c, _ := resolverEnv(t)
	for _, o := range []string{"L-1", "L-2", "L-3"} {
		bank.Faults().Arm(vpostest.FaultHTTP500)
		if _, err := c.Sale(ctx, &vpos.SaleRequest{OrderID: o, Amount: 100, Currency: vpos.TRY, Card: bank.Cards().Approve}); err == nil {
			t.Fatal("want an error")
		}
	}
	r := vpos.NewResolver(c)
	rep, err := r.Run(ctx) // default UnknownAge: too fresh to touch
	if err != nil || rep.Checked != 0 {
		t.Fatalf("fresh records: report %+v, %v; want none checked", rep, err)
	}
	r.UnknownAge, r.Limit = -time.Second, 2
	if rep, _ := r.Run(ctx); rep.Checked != 2 {
		t.Errorf("limited run checked %d, want 2", rep.Checked)
	}
	if rep, _ := r.Run(ctx); rep.Checked != 1 {
		t.Errorf("next run checked %d, want 1", rep.Checked)
	}
}

// TestCallbackAgainAfterUnknownOutcome: a second delivery of a callback
// whose first completion ended with an unknown outcome is answered at once
// (not after Options.CallbackWait), and once the Resolver has settled the
// payment, a delivery replays the settled result.
func TestCallbackAgainAfterUnknownOutcome(t *testing.T) {
	ctx := context.Background()
	bank, c, _ := resolverEnv(t)
	form, err := c.Begin3D(ctx, &vpos.ThreeDRequest{OrderID: "R-9", Amount: 5000, Currency: vpos.TRY, Model: threed.Model3D,
		Card: bank.Cards().ThreeD, OkURL: "https://shop.example/ok"})
	if err != nil {
		t.Fatal(err)
	}
	cb, err := (&vpostest.Browser{}).RunACS(ctx, form, vpostest.ACSSuccess)
	if err != nil {
		t.Fatal(err)
	}
	bank.Faults().Arm(vpostest.FaultHangAfterBook)
	if _, err := c.Complete3D(ctx, cb); !errors.Is(err, vpos.ErrUnknownOutcome) {
		t.Fatalf("Complete3D = %v, want ErrUnknownOutcome", err)
	}
	start := time.Now()
	if _, err := c.Complete3D(ctx, cb); !errors.Is(err, vpos.ErrUnknownOutcome) {
		t.Fatalf("second delivery = %v, want ErrUnknownOutcome", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("second delivery took %v; want an answer at once", d)
	}
	if want := (vpos.ResolveReport{Checked: 1, Approved: 1}); *resolveNow(t, c) != want {
		t.Errorf("the Resolver did not settle the payment approved")
	}
	res, err := c.Complete3D(ctx, cb)
	if err != nil || !res.Approved || !res.Replay {
		t.Errorf("delivery after settling = %+v, %v; want the approved result replayed", res, err)
	}
	if got := bank.Ledger().Bookings(); got != 1 {
		t.Errorf("bookings = %d, want 1", got)
	}
}
