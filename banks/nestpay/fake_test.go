package nestpay_test

import (
	"context"
	"errors"
	"testing"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks/nestpay"
	"github.com/sanalpos/vpos/banks/nestpay/nestpaytest"
	"github.com/sanalpos/vpos/returncodes"
	"github.com/sanalpos/vpos/threed"
	"github.com/sanalpos/vpos/vpostest"
)

// Cross-checks of the adapter and the fake bank beyond the conformance
// suite: states after end of day, captured pre-authorisations, the bank's
// own refusals, 3-D Secure in other currencies and with installments.

func openFake(t *testing.T, opts ...nestpaytest.Option) (*nestpaytest.Server, *vpos.Client) {
	t.Helper()
	bank := nestpaytest.NewServer(opts...)
	t.Cleanup(bank.Close)
	c := bank.Credentials()
	client, err := nestpay.Open(nestpay.Config{
		ClientID: c.ClientID, User: c.User, Password: c.Password, StoreKey: c.StoreKey,
		Endpoint: nestpay.Endpoint{API: bank.APIURL(), Gate3D: bank.GateURL()},
	}, &vpos.Options{HTTPClient: bank.HTTPClient(), StatusCheckDelay: 1})
	if err != nil {
		t.Fatal(err)
	}
	return bank, client
}

func TestFakeStatusStates(t *testing.T) {
	ctx := context.Background()
	bank, client := openFake(t)
	sale := func(order string, amount vpos.Amount) {
		t.Helper()
		if _, err := client.Sale(ctx, &vpos.SaleRequest{OrderID: order, Amount: amount, Currency: vpos.TRY, Card: bank.Cards().Approve}); err != nil {
			t.Fatalf("Sale %s: %v", order, err)
		}
	}
	preauth := func(order string, amount vpos.Amount) {
		t.Helper()
		if _, err := client.PreAuth(ctx, &vpos.SaleRequest{OrderID: order, Amount: amount, Currency: vpos.TRY, Card: bank.Cards().Approve}); err != nil {
			t.Fatalf("PreAuth %s: %v", order, err)
		}
	}
	preauth("PA-OPEN", 20500)
	preauth("PA-PART", 10000)
	if _, err := client.Capture(ctx, &vpos.CaptureRequest{OrderID: "PA-PART", Amount: 6000}); err != nil {
		t.Fatal(err)
	}
	sale("S-MULTI", 10000)
	for _, a := range []vpos.Amount{1000, 2500} {
		if _, err := client.Refund(ctx, &vpos.RefundRequest{OrderID: "S-MULTI", Amount: a}); err != nil {
			t.Fatal(err)
		}
	}
	sale("S-SETTLED", 4000)
	bank.EndOfDay()

	tests := []struct {
		order              string
		status             vpos.TxStatus
		captured, refunded vpos.Amount
	}{
		{"PA-OPEN", vpos.StatusApproved, 0, 0},
		{"PA-PART", vpos.StatusApproved, 6000, 0},
		{"S-MULTI", vpos.StatusPartiallyRefunded, 10000, 3500},
		{"S-SETTLED", vpos.StatusApproved, 4000, 0},
	}
	for _, tt := range tests {
		res, err := client.Status(ctx, &vpos.StatusRequest{OrderID: tt.order})
		if err != nil {
			t.Errorf("Status(%s): %v", tt.order, err)
			continue
		}
		if res.Status != tt.status || res.CapturedAmount != tt.captured || res.RefundedAmount != tt.refunded {
			t.Errorf("Status(%s): got %s captured %d refunded %d, want %s %d %d",
				tt.order, res.Status, res.CapturedAmount, res.RefundedAmount, tt.status, tt.captured, tt.refunded)
		}
	}
	// A settled sale can no longer be voided: the bank says CORE-2008.
	_, err := client.Void(ctx, &vpos.VoidRequest{OrderID: "S-SETTLED"})
	var e *vpos.Error
	if !errors.As(err, &e) || e.Return != returncodes.NotFound || e.BankCode != "CORE-2008" {
		t.Errorf("Void after end of day: got %v, want CORE-2008 (not found)", err)
	}
	rows, err := client.History(ctx, &vpos.HistoryRequest{OrderID: "S-MULTI"})
	if err != nil {
		t.Fatal(err)
	}
	var refunds vpos.Amount
	for _, r := range rows {
		if r.Op == vpos.OpRefund && r.Status == vpos.StatusApproved {
			refunds += r.Amount
		}
	}
	if len(rows) != 3 || rows[0].Op != vpos.OpSale || refunds != 3500 {
		t.Errorf("History(S-MULTI) = %+v, want the sale then two refunds of 3500 in all", rows)
	}
}

func TestFakeBatchRules(t *testing.T) {
	ctx := context.Background()
	bank, client := openFake(t, nestpaytest.WithBatchRules())
	if _, err := client.Sale(ctx, &vpos.SaleRequest{OrderID: "B-1", Amount: 5000, Currency: vpos.TRY, Card: bank.Cards().Approve}); err != nil {
		t.Fatal(err)
	}
	_, err := client.Refund(ctx, &vpos.RefundRequest{OrderID: "B-1", Amount: 1000})
	var e *vpos.Error
	if !errors.As(err, &e) || e.Return != returncodes.InvalidTransactionState || e.BankCode != "CORE-2508" {
		t.Fatalf("refund before end of day: got %v, want CORE-2508 (invalid transaction state)", err)
	}
	bank.EndOfDay()
	if _, err := client.Refund(ctx, &vpos.RefundRequest{OrderID: "B-1", Amount: 1000}); err != nil {
		t.Fatalf("refund after end of day: %v", err)
	}
}

// TestFakeBankRefusals: what the bank refuses when the Client's own checks
// are bypassed (an empty store), normalised.
func TestFakeBankRefusals(t *testing.T) {
	ctx := context.Background()
	bank, client := openFake(t)
	c := bank.Credentials()
	fresh := func() *vpos.Client {
		cl, err := nestpay.Open(nestpay.Config{ClientID: c.ClientID, User: c.User, Password: c.Password, StoreKey: c.StoreKey,
			Endpoint: nestpay.Endpoint{API: bank.APIURL(), Gate3D: bank.GateURL()}}, &vpos.Options{StatusChecks: -1})
		if err != nil {
			t.Fatal(err)
		}
		return cl
	}
	if _, err := client.PreAuth(ctx, &vpos.SaleRequest{OrderID: "R-PA", Amount: 10000, Currency: vpos.TRY, Card: bank.Cards().Approve}); err != nil {
		t.Fatal(err)
	}
	if _, err := client.Sale(ctx, &vpos.SaleRequest{OrderID: "R-S", Amount: 10000, Currency: vpos.TRY, Card: bank.Cards().Approve}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		call func(*vpos.Client) error
		want returncodes.Code
	}{
		{"over-capture", func(cl *vpos.Client) error {
			_, err := cl.Capture(ctx, &vpos.CaptureRequest{OrderID: "R-PA", Amount: 15000, Currency: vpos.TRY})
			return err
		}, returncodes.InvalidAmount},
		{"over-refund", func(cl *vpos.Client) error {
			_, err := cl.Refund(ctx, &vpos.RefundRequest{OrderID: "R-S", Amount: 15000, Currency: vpos.TRY})
			return err
		}, returncodes.InvalidTransactionState},
		{"duplicate sale", func(cl *vpos.Client) error {
			_, err := cl.Sale(ctx, &vpos.SaleRequest{OrderID: "R-S", Amount: 10000, Currency: vpos.TRY, Card: bank.Cards().Approve})
			return err
		}, returncodes.DuplicateOrder},
		{"void of an unknown order", func(cl *vpos.Client) error {
			_, err := cl.Void(ctx, &vpos.VoidRequest{OrderID: "R-NONE"})
			return err
		}, returncodes.NotFound},
		{"capture of an unknown order", func(cl *vpos.Client) error {
			_, err := cl.Capture(ctx, &vpos.CaptureRequest{OrderID: "R-NONE", Amount: 100, Currency: vpos.TRY})
			return err
		}, returncodes.NotFound},
	}
	for _, tt := range tests {
		if err := tt.call(fresh()); !hasReturn(err, tt.want) {
			t.Errorf("%s: got %v, want Return %s", tt.name, err, tt.want)
		}
	}
	// Wrong credentials are an authentication error, not a decline.
	bad, err := nestpay.Open(nestpay.Config{ClientID: c.ClientID, User: c.User, Password: "wrong-password", StoreKey: c.StoreKey,
		Endpoint: nestpay.Endpoint{API: bank.APIURL(), Gate3D: bank.GateURL()}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = bad.Sale(ctx, &vpos.SaleRequest{OrderID: "R-AUTH", Amount: 100, Currency: vpos.TRY, Card: bank.Cards().Approve})
	if !errors.Is(err, vpos.ErrAuth) {
		t.Errorf("wrong password: got %v, want ErrAuth", err)
	}
}

// hasReturn reports whether a *vpos.Error in err's chain has Return rc (a
// duplicate order comes back wrapped in the unknown outcome the Client
// could not settle without status checks).
func hasReturn(err error, rc returncodes.Code) bool {
	for err != nil {
		var e *vpos.Error
		if !errors.As(err, &e) {
			return false
		}
		if e.Return == rc {
			return true
		}
		err = e.Err
	}
	return false
}

// TestFake3D runs 3-D Secure payments in other currencies, with
// installments and as pre-authorisations, in every model.
func TestFake3D(t *testing.T) {
	ctx := context.Background()
	for _, m := range threed.Models() {
		t.Run(string(m), func(t *testing.T) {
			bank, client := openFake(t)
			req := &vpos.ThreeDRequest{
				OrderID: "3D-" + string(m), Amount: 123456, Currency: vpos.TRY, Installments: 6, Model: m,
				OkURL: "https://shop.example.com.tr/ok", CustomerName: "Şükrü Aydın", CustomerEmail: "şükrü@örnek.com.tr",
			}
			if !m.CardOnBankPage() {
				req.Card = bank.Cards().ThreeD
			}
			form, err := client.Begin3D(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			cb, err := bank.ACS(ctx, form, vpostest.ACSSuccess)
			if err != nil {
				t.Fatal(err)
			}
			res, err := client.Complete3D(ctx, cb)
			if err != nil {
				t.Fatal(err)
			}
			o, _ := bank.Ledger().Order(req.OrderID)
			if !res.Approved || o == nil || o.Amount != 123456 || o.Installments != 6 {
				t.Errorf("got %+v, bank order %+v; want 1234.56 TRY in 6 installments", res, o)
			}

			usd := &vpos.ThreeDRequest{OrderID: "3DU-" + string(m), Amount: 5000, Currency: vpos.USD, Model: m, PreAuth: true,
				OkURL: "https://shop.example.com.tr/ok"}
			if !m.CardOnBankPage() {
				usd.Card = bank.Cards().ThreeD
			}
			if form, err = client.Begin3D(ctx, usd); err != nil {
				t.Fatal(err)
			}
			if cb, err = bank.ACS(ctx, form, vpostest.ACSSuccess); err != nil {
				t.Fatal(err)
			}
			if res, err = client.Complete3D(ctx, cb); err != nil {
				t.Fatal(err)
			}
			o, _ = bank.Ledger().Order(usd.OrderID)
			if !res.Approved || res.Op != vpos.OpPreAuth || o == nil || o.Kind != vpostest.KindPreAuth || o.Currency != vpos.USD {
				t.Errorf("got %+v, bank order %+v; want a USD pre-authorisation", res, o)
			}
			if _, err := client.Capture(ctx, &vpos.CaptureRequest{OrderID: usd.OrderID}); err != nil {
				t.Errorf("Capture of the 3-D Secure pre-authorisation: %v", err)
			}
		})
	}
}
