package posnetv1_test

import (
	"context"
	"errors"
	"net/url"
	"testing"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/threed"
	"github.com/sanalpos/vpos/vpostest"
)

// The callback's Mac leaves TranType and InstalmentCode out: a callback
// edited in them is refused before the payment is claimed, so the genuine
// one still completes it.
func TestUnsignedFieldsBoundBeforeClaim(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct{ field, value string }{{"TranType", "Auth"}, {"InstalmentCode", "6"}} {
		h := newHarness(t)
		store := vpos.NewMemoryStore()
		c, err := h.Client(ctx, &vpos.Options{Store: store, Company: "A", POS: "P"})
		if err != nil {
			t.Fatal(err)
		}
		form, err := c.Begin3D(ctx, &vpos.ThreeDRequest{OrderID: "BIND1", Amount: 30000, Currency: vpos.TRY, Installments: 3,
			Model: threed.Model3D, Card: h.Cards().ThreeD, OkURL: "https://shop.example/ok"})
		if err != nil {
			t.Fatal(err)
		}
		cb, err := h.ACS(ctx, form, vpostest.ACSSuccess)
		if err != nil {
			t.Fatal(err)
		}
		bad := cloneForm(cb)
		bad.Set(tt.field, tt.value)
		if _, err := c.Complete3D(ctx, bad); !errors.Is(err, vpos.ErrInvalidCallback) {
			t.Errorf("%s edited: %v, want ErrInvalidCallback", tt.field, err)
		}
		recs, _ := store.FindOrder(ctx, "A", "P", "BIND1")
		if len(recs) != 1 || recs[0].Status != vpos.StatusPending3D {
			t.Errorf("%s edited: record %+v, want still pending3d", tt.field, recs)
		}
		if _, err := c.Complete3D(ctx, cb); err != nil {
			t.Errorf("genuine callback after the edited one: %v", err)
		}
		if got := h.Ledger().Bookings(); got != 1 {
			t.Errorf("bookings = %d, want 1", got)
		}
	}
}

func cloneForm(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}
