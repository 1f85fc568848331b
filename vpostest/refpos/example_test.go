package refpos_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/vpostest/refpos"
)

// A sale against the fake bank, the way a bank package is used.
func ExampleOpen() {
	bank := refpos.NewBank()
	defer bank.Close()

	merchant, password, storeKey := bank.Credentials()
	client, err := refpos.Open(refpos.Config{
		Endpoint:   bank.URL(),
		MerchantID: merchant,
		Password:   password,
		StoreKey:   storeKey,
	}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}

	res, err := client.Sale(context.Background(), &vpos.SaleRequest{
		OrderID:    "ORDER-1001",
		Amount:     12550, // 125.50 TRY
		Currency:   vpos.TRY,
		Card:       bank.Cards().Approve,
		CustomerIP: "203.0.113.7",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Status, res.Amount.Decimal(res.Currency), res.Currency, res.MaskedPAN)
	fmt.Println("booked:", bank.Ledger().Bookings())

	// The card book declines this one with ISO 51.
	_, err = client.Sale(context.Background(), &vpos.SaleRequest{
		OrderID:  "ORDER-1002",
		Amount:   99900,
		Currency: vpos.TRY,
		Card:     bank.Cards().InsufficientFunds,
	})
	var e *vpos.Error
	if errors.As(err, &e) {
		fmt.Println(e.Code, e.Return, e.BankCode, e.BankMessage)
	}
	// Output:
	// approved 125.50 TRY 400000******0006
	// booked: 1
	// declined declined_insufficient_funds 51 insufficient funds
}
