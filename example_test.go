package vpos_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/threed"
	"github.com/sanalpos/vpos/vpostest"
	"github.com/sanalpos/vpos/vpostest/refpos"
)

// A sale, a partial refund and the stored records, against the reference
// fake bank. Bank packages are used the same way (nestpay.Open, ...).
func ExampleClient() {
	bank := refpos.NewBank()
	defer bank.Close()
	merchant, password, key := bank.Credentials()
	store := vpos.NewMemoryStore()
	client, err := refpos.Open(refpos.Config{Endpoint: bank.URL(), MerchantID: merchant, Password: password, StoreKey: key},
		&vpos.Options{Company: "ACME", POS: "main", Store: store})
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()

	res, err := client.Sale(ctx, &vpos.SaleRequest{
		OrderID: "SIP-1001", Amount: 25000, Currency: vpos.TRY, Installments: 3,
		Card: bank.Cards().Approve, CustomerIP: "203.0.113.7",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("sale:", res.Status, res.Amount.Decimal(res.Currency), res.Currency, res.MaskedPAN)

	// The same order id again is refused before anything is sent.
	_, err = client.Sale(ctx, &vpos.SaleRequest{OrderID: "SIP-1001", Amount: 25000, Currency: vpos.TRY, Card: bank.Cards().Approve})
	fmt.Println("again:", errors.Is(err, vpos.ErrDuplicate))

	if _, err := client.Refund(ctx, &vpos.RefundRequest{OrderID: "SIP-1001", Amount: 5000}); err != nil {
		fmt.Println(err)
		return
	}
	st, _ := client.Status(ctx, &vpos.StatusRequest{OrderID: "SIP-1001"})
	fmt.Println("bank says:", st.Status, "refunded", st.RefundedAmount.Decimal(vpos.TRY))

	recs, _ := store.FindOrder(ctx, "ACME", "main", "SIP-1001")
	for _, r := range recs {
		fmt.Println("stored:", r.Op, r.Status, r.Amount.Decimal(r.Currency))
	}
	// Output:
	// sale: approved 250.00 TRY 400000******0006
	// again: true
	// bank says: partially_refunded refunded 50.00
	// stored: sale partially_refunded 250.00
	// stored: refund approved 50.00
}

// A 3-D Secure payment: Begin3D gives the form for the shopper's browser,
// the bank posts its callback to the merchant, and threed.NewHandler with
// Client.Complete3D finishes it.
func ExampleClient_Begin3D() {
	bank := refpos.NewBank()
	defer bank.Close()
	merchant, password, key := bank.Credentials()
	client, _ := refpos.Open(refpos.Config{Endpoint: bank.URL(), MerchantID: merchant, Password: password, StoreKey: key}, nil)
	ctx := context.Background()

	// The merchant's callback route.
	shop := httptest.NewServer(threed.NewHandler(client.Complete3D,
		func(w http.ResponseWriter, r *http.Request, res *vpos.Result, err error) {
			if err != nil {
				http.Error(w, "ödeme alınamadı", http.StatusPaymentRequired)
				return
			}
			fmt.Println("callback:", res.Status, res.Amount.Decimal(res.Currency), res.Currency, res.ThreeD.Status, "replay:", res.Replay)
		}))
	defer shop.Close()

	form, err := client.Begin3D(ctx, &vpos.ThreeDRequest{
		OrderID: "SIP-3001", Amount: 49990, Currency: vpos.TRY, Model: threed.Model3D,
		Card: bank.Cards().ThreeD, OkURL: shop.URL + "/3d/ok", FailURL: shop.URL + "/3d/fail",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	// Serve form.HTML() to the shopper; here a programmatic browser plays
	// the shopper at the bank's ACS and hands us the bank's callback.
	callback, err := (&vpostest.Browser{}).RunACS(ctx, form, vpostest.ACSSuccess)
	if err != nil {
		fmt.Println(err)
		return
	}
	for range 2 { // the browser posts it twice (a refresh): one charge
		resp, err := http.PostForm(shop.URL+"/3d/ok", url.Values(callback))
		if err == nil {
			resp.Body.Close()
		}
	}
	fmt.Println("booked:", bank.Ledger().Bookings())
	// Output:
	// callback: approved 499.90 TRY authenticated replay: false
	// callback: approved 499.90 TRY authenticated replay: true
	// booked: 1
}
