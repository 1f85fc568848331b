package reconcile

import (
	"context"
	"strings"
	"testing"

	"github.com/sanalpos/vpos"
)

func TestApplyIsIdempotent(t *testing.T) {
	ctx := context.Background()
	store := vpos.NewMemoryStore()
	ap := vpos.StatusApproved
	put := func(tx *vpos.Transaction) {
		tx.ID, tx.Company, tx.POS = "", "C", "P"
		if err := store.Create(ctx, tx); err != nil {
			t.Fatal(err)
		}
	}
	put(loc("1", "O1", vpos.OpSale, 1000, ap, at(10, 0))) // voided at the bank only
	put(loc("2", "O2", vpos.OpSale, 2000, ap, at(10, 0))) // amount mismatch
	put(loc("3", "O3", vpos.OpSale, 3000, ap, at(10, 0))) // missing at the bank
	bankRows := []vpos.BankTransaction{
		bank("1", "O1", vpos.OpSale, 1000, vpos.StatusVoided, at(10, 0)), bank("1v", "O1", vpos.OpVoid, 1000, ap, at(11, 0)),
		bank("2", "O2", vpos.OpSale, 2500, ap, at(10, 0)),
		bank("4", "O4", vpos.OpSale, 4000, ap, at(12, 0)), bank("4r", "O4", vpos.OpRefund, 400, ap, at(13, 0)),
	}
	o := Options{Company: "C", POS: "P", Bank: "isbank", From: day0, To: day1}
	reconcileNow := func() *Report {
		m := New(o)
		for _, b := range bankRows {
			if err := m.AddBank(b); err != nil {
				t.Fatal(err)
			}
		}
		if err := LoadLocal(ctx, store, o, func(tx *vpos.Transaction) error { m.AddTransaction(tx); return nil }); err != nil {
			t.Fatal(err)
		}
		rep, err := m.Finish(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	rep := reconcileNow()
	if got, want := summary(rep), "missing_at_bank:O3/sale missing_locally:O1/void missing_locally:O4/sale missing_locally:O4/refund amount_mismatch:O2/sale@transaction_id"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
	if _, err := Apply(ctx, store, rep, "", "ayse"); err == nil || !strings.HasPrefix(err.Error(), "reconcile: ") {
		t.Errorf("got %v, want a reconcile: error for an empty reason", err)
	}
	tests := []struct {
		name string
		want ApplyResult
	}{
		{"first", ApplyResult{Entered: 3, Updated: 2, Noted: 2}},
		{"second", ApplyResult{Unchanged: 5}},
	}
	for _, tc := range tests {
		res, err := Apply(ctx, store, rep, "end of day", "ayse")
		if err != nil {
			t.Fatal(err)
		}
		if *res != tc.want {
			t.Errorf("%s apply: got %+v, want %+v", tc.name, *res, tc.want)
		}
	}
	recs, _ := store.FindOrder(ctx, "C", "P", "O4")
	if len(recs) != 2 || recs[0].Source != vpos.SourceReconcile || recs[0].Status != vpos.StatusPartiallyRefunded || recs[0].RefundedAmount != 400 || recs[1].Seq != 1 {
		t.Errorf("got O4 records %+v, want the sale partially refunded and refund 1, entered by reconcile", recs)
	}
	if ev := recs[0].Events[0]; ev.Kind != vpos.EventNote || !strings.Contains(ev.Detail, "reason: end of day; operator: ayse") {
		t.Errorf("got entry event %+v, want a note naming reason and operator", ev)
	}
	if got, want := summary(reconcileNow()), "missing_at_bank:O3/sale amount_mismatch:O2/sale@transaction_id"; got != want {
		t.Errorf("after apply: got %q, want %q", got, want)
	}
}
