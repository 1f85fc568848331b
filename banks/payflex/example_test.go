package payflex_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks/payflex"
	"github.com/sanalpos/vpos/banks/payflex/payflextest"
	"github.com/sanalpos/vpos/vpostest"
)

// Example takes a payment, refunds it and asks the bank for the order's
// state, then runs a 3-D Secure payment, against the fake bank. With a
// real terminal only the Config changes: the credentials and
// payflex.VakifbankProd (or ZiraatProd).
func Example() {
	bank := payflextest.NewServer()
	defer bank.Close()
	c := bank.Credentials()

	client, err := payflex.Open(payflex.Config{
		MerchantID: c.MerchantID, Password: c.Password, TerminalNo: c.TerminalNo,
		Endpoint: payflex.Endpoint{Test: true, VPOS: bank.VPOSURL(), MPI: bank.MPIURL(), Search: bank.SearchURL()},
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

	if _, err := client.Refund(ctx, &vpos.RefundRequest{OrderID: "SIP-2024-0001"}); err != nil {
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
		fmt.Println("declined:", ve.Return, "bank code", ve.BankCode)
	}

	// 3-D Secure: Begin3D enrolls the card at the MPI and returns the ACS
	// form; the bank's callback (here played by the fake) goes to
	// Complete3D, which provisions through VPOS.
	form, err := client.Begin3D(ctx, &vpos.ThreeDRequest{
		OrderID: "SIP-2024-0003", Amount: 9990, Currency: vpos.TRY, Card: bank.Cards().ThreeD,
		OkURL: "https://shop.example.com.tr/3d/ok", CustomerIP: "192.0.2.10",
	})
	if err != nil {
		panic(err)
	}
	callback, err := bank.ACS(ctx, form, vpostest.ACSSuccess)
	if err != nil {
		panic(err)
	}
	res, err = client.Complete3D(ctx, callback)
	if err != nil {
		panic(err)
	}
	fmt.Println("3d:", res.Status, res.ThreeD.MDStatus, res.ThreeD.ECI)
	// Output:
	// sale: approved 1250.50 TRY in 3 installments
	// status: refunded refunded 1250.50
	// declined: declined_insufficient_funds bank code 0051
	// 3d: approved Y 05
}
