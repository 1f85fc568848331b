package nestpay_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks/nestpay"
	"github.com/sanalpos/vpos/banks/nestpay/nestpaytest"
	"github.com/sanalpos/vpos/threed"
	"github.com/sanalpos/vpos/vpostest"
)

// A sale, a decline and a partial refund against the fake NestPay bank.
// Against a real bank, Endpoint is one of the predefined values
// (nestpay.IsbankProd, nestpay.ZiraatTest, ...).
func ExampleOpen() {
	bank := nestpaytest.NewServer()
	defer bank.Close()
	creds := bank.Credentials()

	client, err := nestpay.Open(nestpay.Config{
		ClientID: creds.ClientID,
		User:     creds.User,
		Password: creds.Password,
		StoreKey: creds.StoreKey,
		Endpoint: nestpay.Endpoint{API: bank.APIURL(), Gate3D: bank.GateURL()},
	}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()

	res, err := client.Sale(ctx, &vpos.SaleRequest{
		OrderID:       "ORDER-1001",
		Amount:        12550, // 125.50 TRY
		Currency:      vpos.TRY,
		Installments:  3,
		Card:          bank.Cards().Approve,
		CustomerIP:    "203.0.113.7",
		CustomerEmail: "gülşen.doğan@örnek.com.tr",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Status, res.Amount.Decimal(res.Currency), res.Currency, res.Installments, res.MaskedPAN)

	// The fake declines this card with ISO 8583 code 51.
	_, err = client.Sale(ctx, &vpos.SaleRequest{
		OrderID: "ORDER-1002", Amount: 99900, Currency: vpos.TRY, Card: bank.Cards().InsufficientFunds,
	})
	var e *vpos.Error
	if errors.As(err, &e) {
		fmt.Println(e.Code, e.Return, e.BankCode)
	}

	if _, err := client.Refund(ctx, &vpos.RefundRequest{OrderID: "ORDER-1001", Amount: 2550}); err != nil {
		fmt.Println(err)
		return
	}
	st, err := client.Status(ctx, &vpos.StatusRequest{OrderID: "ORDER-1001"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(st.Status, st.RefundedAmount.Decimal(vpos.TRY))
	// Output:
	// approved 125.50 TRY 3 400000******0006
	// declined declined_insufficient_funds 51
	// partially_refunded 25.50
}

// A 3-D Secure payment in the 3d_pay model: Begin3D gives the form for the
// shopper's browser, the bank posts the signed callback to OkURL, and
// Complete3D verifies and reads it. The fake's ACS stands in for the
// browser here; a web application passes the posted form, or uses
// threed.NewHandler(client.Complete3D, onDone) as its callback route.
func ExampleOpen_threeD() {
	bank := nestpaytest.NewServer()
	defer bank.Close()
	creds := bank.Credentials()
	client, err := nestpay.Open(nestpay.Config{
		ClientID: creds.ClientID, User: creds.User, Password: creds.Password, StoreKey: creds.StoreKey,
		Endpoint:  nestpay.Endpoint{API: bank.APIURL(), Gate3D: bank.GateURL()},
		StoreType: threed.Model3DPay,
	}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()

	form, err := client.Begin3D(ctx, &vpos.ThreeDRequest{
		OrderID: "ORDER-3001", Amount: 49900, Currency: vpos.TRY, Card: bank.Cards().ThreeD,
		OkURL: "https://shop.example.com.tr/odeme/3d", CustomerName: "Ilgın Ağaoğlu", Lang: "tr",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(form.Fields.Get("storetype"), form.Fields.Get("amount"), form.Fields.Get("hashAlgorithm"))

	callback, err := bank.ACS(ctx, form, vpostest.ACSSuccess)
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := client.Complete3D(ctx, callback)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Status, res.ThreeD.Model, res.ThreeD.Status, res.ThreeD.MDStatus)

	// The same callback again never reaches the bank.
	again, err := client.Complete3D(ctx, callback)
	fmt.Println(again.Status, again.Replay, err)
	// Output:
	// 3d_pay 499.00 ver3
	// approved 3d_pay authenticated 1
	// approved true <nil>
}
