package posnet_test

import (
	"context"
	"errors"
	"testing"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks/posnet"
	"github.com/sanalpos/vpos/banks/posnet/posnettest"
	"github.com/sanalpos/vpos/vpostest"
)

// TestThreeDFlow runs 3-D Secure payments in TRY and USD (the callback
// carries no currency: ParseCallback tries the Config's currencies), then
// asks the bank for the order (the agreement falls back to the TDSC
// reference) and replays the callback.
func TestThreeDFlow(t *testing.T) {
	bank := posnettest.NewServer()
	defer bank.Close()
	client, err := posnet.Open(benchConfig(bank), &vpos.Options{HTTPClient: bank.HTTPClient()})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for i, cur := range []vpos.Currency{vpos.TRY, vpos.USD, vpos.EUR} {
		order := "TDS_FLOW_" + string(cur)
		form, err := client.Begin3D(ctx, &vpos.ThreeDRequest{OrderID: order, Amount: vpos.Amount(15075 + i), Currency: cur,
			Card: bank.Cards().ThreeD, OkURL: "https://shop.example/ok"})
		if err != nil {
			t.Fatalf("%s Begin3D: %v", cur, err)
		}
		for _, f := range []string{"mid", "posnetID", "posnetData", "posnetData2", "digest", "merchantReturnURL"} {
			if form.Fields.Get(f) == "" {
				t.Errorf("%s form has no %s", cur, f)
			}
		}
		cb, err := bank.ACS(ctx, form, vpostest.ACSSuccess)
		if err != nil {
			t.Fatalf("%s ACS: %v", cur, err)
		}
		res, err := client.Complete3D(ctx, cb)
		if err != nil || !res.Approved || res.Currency != cur || res.Amount != vpos.Amount(15075+i) {
			t.Fatalf("%s Complete3D = %+v, %v", cur, res, err)
		}
		st, err := client.Status(ctx, &vpos.StatusRequest{OrderID: order})
		if err != nil || st.Status != vpos.StatusApproved || st.Amount != vpos.Amount(15075+i) {
			t.Errorf("%s Status = %+v, %v", cur, st, err)
		}
		again, err := client.Complete3D(ctx, cb)
		if err != nil || !again.Replay {
			t.Errorf("%s replay = %+v, %v", cur, again, err)
		}
	}
}

// TestLongOrderIDs refuses ids POSNET cannot carry before any I/O.
func TestLongOrderIDs(t *testing.T) {
	bank := posnettest.NewServer()
	defer bank.Close()
	client, err := posnet.Open(benchConfig(bank), &vpos.Options{HTTPClient: bank.HTTPClient()})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	before := bank.Faults().Requests()
	_, err = client.Sale(ctx, &vpos.SaleRequest{OrderID: "A234567890123456789012345", Amount: 100, Currency: vpos.TRY, Card: bank.Cards().Approve})
	var ve *vpos.Error
	if !errors.As(err, &ve) || ve.Code != vpos.InvalidRequest || ve.Field != "OrderID" {
		t.Errorf("25-character sale order id: %v", err)
	}
	_, err = client.Begin3D(ctx, &vpos.ThreeDRequest{OrderID: "A23456789012345678901", Amount: 100, Currency: vpos.TRY,
		Card: bank.Cards().ThreeD, OkURL: "https://shop.example/ok"})
	if !errors.As(err, &ve) || ve.Field != "OrderID" {
		t.Errorf("21-character 3D order id: %v", err)
	}
	_, err = client.Sale(ctx, &vpos.SaleRequest{OrderID: "0042", Amount: 100, Currency: vpos.TRY, Card: bank.Cards().Approve})
	if !errors.As(err, &ve) || ve.Field != "OrderID" {
		t.Errorf("order id with a leading zero: %v", err)
	}
	if got := bank.Faults().Requests(); got != before {
		t.Errorf("requests = %d, want %d", got, before)
	}
}
