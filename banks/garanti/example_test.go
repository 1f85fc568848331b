package garanti_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks/garanti"
	"github.com/sanalpos/vpos/banks/garanti/garantitest"
	"github.com/sanalpos/vpos/returncodes"
)

// Example takes a payment, refunds part of it and asks the bank for the
// order's state, against the fake bank. With a real terminal only the
// Config changes: the credentials and garanti.ProductionEndpoint.
func Example() {
	bank := garantitest.NewServer()
	defer bank.Close()
	c := bank.Credentials()

	client, err := garanti.Open(garanti.Config{
		MerchantID: c.MerchantID, TerminalID: c.TerminalID,
		ProvPassword: c.ProvPassword, RefundPassword: c.RefundPassword, StoreKey: c.StoreKey,
		Endpoint: garanti.Endpoint{Test: true, API: bank.APIURL(), Gate3D: bank.GateURL()},
	}, nil)
	if err != nil {
		panic(err)
	}
	ctx := context.Background()

	res, err := client.Sale(ctx, &vpos.SaleRequest{
		OrderID: "SIP-2024-0001", Amount: 125050, Currency: vpos.TRY, Installments: 3,
		Card: bank.Cards().Approve, CustomerIP: "192.0.2.10",
	})
	if err != nil {
		panic(err)
	}
	fmt.Println("sale:", res.Status, res.Amount.Decimal(res.Currency), res.Currency, "in", res.Installments, "installments")

	if _, err := client.Refund(ctx, &vpos.RefundRequest{OrderID: "SIP-2024-0001", Amount: 25050}); err != nil {
		panic(err)
	}
	st, err := client.Status(ctx, &vpos.StatusRequest{OrderID: "SIP-2024-0001"})
	if err != nil {
		panic(err)
	}
	fmt.Println("status:", st.Status, "refunded", st.RefundedAmount.Decimal(st.Currency))

	_, err = client.Sale(ctx, &vpos.SaleRequest{
		OrderID: "SIP-2024-0002", Amount: 5000, Currency: vpos.TRY,
		Card: bank.Cards().InsufficientFunds, CustomerIP: "192.0.2.10",
	})
	var ve *vpos.Error
	if errors.As(err, &ve) && errors.Is(err, vpos.ErrDeclined) {
		fmt.Println("declined:", ve.Return, "bank code", ve.BankCode, "-", ve.Return.Message("en"))
	}
	fmt.Println(ve.Return == returncodes.InsufficientFunds)
	// Output:
	// sale: approved 1250.50 TRY in 3 installments
	// status: partially_refunded refunded 250.50
	// declined: declined_insufficient_funds bank code 51 - Insufficient balance or limit. Please use another card.
	// true
}
