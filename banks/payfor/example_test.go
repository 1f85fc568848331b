package payfor_test

import (
	"context"
	"fmt"
	"net/url"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks/payfor"
	"github.com/sanalpos/vpos/threed"
)

// A sale and its status. Against the real bank, Endpoint is one of the
// predefined values (payfor.QNBFinansbankProd, payfor.ZiraatKatilimTest,
// ...); here a loopback stand-in answers.
func ExampleOpen() {
	bank := newLoopbackBank()
	defer bank.Close()

	client, err := payfor.Open(payfor.Config{
		MerchantID:   "085300000009704",
		UserCode:     "QNB_API_KULLANICI_3DPAY",
		UserPass:     "UcBN0",
		MerchantPass: "12345678",
		Endpoint:     payfor.Endpoint{API: bank.URL + "/Gateway/XMLGate.aspx", Gate3D: bank.URL + "/Gateway/Default.aspx"},
	}, &vpos.Options{Company: "ACME", POS: "qnb"})
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	res, err := client.Sale(ctx, &vpos.SaleRequest{
		OrderID:      "20240121A001",
		Amount:       12550, // 125.50 TRY
		Currency:     vpos.TRY,
		Installments: 3,
		Card:         vpos.Card{Number: "4155650100416111", ExpMonth: 1, ExpYear: 2030, CVV: "123", Holder: "John Doe"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Status, res.Amount.Decimal(res.Currency), res.Currency, res.AuthCode, res.MaskedPAN)

	st, err := client.Status(ctx, &vpos.StatusRequest{OrderID: "20240121A001"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(st.Status, st.CapturedAmount.Decimal(st.Currency))
	// Output:
	// approved 125.50 TRY S31432 415565******6111
	// approved 125.50
}

// A 3-D Secure payment in the 3d_pay model: Begin3D gives the form for the
// shopper's browser, the bank posts the signed callback to OkURL, and
// Complete3D verifies it, reads the bank's result and confirms it with an
// order inquiry. A web application passes the posted form, or uses
// threed.NewHandler(client.Complete3D, onDone) as its callback route.
func ExampleOpen_threeD() {
	bank := newLoopbackBank()
	defer bank.Close()
	cfg := bank.config()
	cfg.DefaultModel = threed.Model3DPay
	client, err := payfor.Open(cfg, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()

	form, err := client.Begin3D(ctx, &vpos.ThreeDRequest{
		OrderID: "20240121B001", Amount: 49900, Currency: vpos.TRY,
		Card:  vpos.Card{Number: "4155650100416111", ExpMonth: 1, ExpYear: 2030, CVV: "123", Holder: "Ilgın Ağaoğlu"},
		OkURL: "https://shop.example.com.tr/odeme/3d", Lang: "tr",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(form.Fields.Get("SecureType"), form.Fields.Get("PurchAmount"), form.Fields.Has("UserPass"))

	callback := bank.pay3D(cfg, form.Fields) // the shopper's browser, the ACS and the bank
	res, err := client.Complete3D(ctx, callback)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Status, res.ThreeD.Model, res.ThreeD.Status, res.Extra["confirmed_by"])

	// The same callback again never reaches the bank.
	again, err := client.Complete3D(ctx, callback)
	fmt.Println(again.Status, again.Replay, err)
	// Output:
	// 3DPay 499.00 false
	// approved 3d_pay authenticated order_inquiry
	// approved true <nil>
}

// VerifyCallback judges a callback's ResponseHash alone: here the worked
// example of payfor.md §8.2, then the same callback with its 3DStatus
// emptied.
func ExampleConfig_VerifyCallback() {
	cfg := payfor.Config{MerchantID: "085300000009704", UserCode: "QNB_API_KULLANICI_3DPAY", MerchantPass: "12345678"}
	form := url.Values{
		"OrderId": {"20221031FD04"}, "AuthCode": {""}, "ProcReturnCode": {"V033"}, "3DStatus": {"1"},
		"ResponseRnd": {"PF638028511007418219"}, "ResponseHash": {"rVcKoOOl3jKukGLHcQaVM6ZuznU="},
	}
	fmt.Println(cfg.VerifyCallback(form))
	form.Set("3DStatus", "")
	fmt.Println(cfg.VerifyCallback(form))
	// Output:
	// <nil>
	// vpos: 3d_complete invalid callback: payfor: callback ResponseHash does not match
}
