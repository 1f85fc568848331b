package posnet_test

import (
	"context"
	"fmt"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks/posnet"
	"github.com/sanalpos/vpos/banks/posnet/posnettest"
)

// Example takes a payment, refunds part of it and asks the bank for the
// order's state, against the fake bank. With a real terminal only the
// Config changes: the credentials and posnet.ProductionEndpoint.
func Example() {
	bank := posnettest.NewServer()
	defer bank.Close()
	client, err := posnet.Open(benchConfig(bank), nil)
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	sale, err := client.Sale(ctx, &vpos.SaleRequest{OrderID: "ORDER_42", Amount: 15075, Currency: vpos.TRY, Card: bank.Cards().Approve})
	if err != nil {
		panic(err)
	}
	fmt.Println("sale approved:", sale.Approved)
	if _, err := client.Refund(ctx, &vpos.RefundRequest{OrderID: "ORDER_42", Amount: 5000}); err != nil {
		panic(err)
	}
	st, err := client.Status(ctx, &vpos.StatusRequest{OrderID: "ORDER_42"})
	if err != nil {
		panic(err)
	}
	fmt.Println(st.Status, st.Amount, st.RefundedAmount)
	// Output:
	// sale approved: true
	// partially_refunded 15075 5000
}
