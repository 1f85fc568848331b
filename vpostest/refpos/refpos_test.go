package refpos_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/returncodes"
	"github.com/sanalpos/vpos/threed"
	"github.com/sanalpos/vpos/vpostest"
	"github.com/sanalpos/vpos/vpostest/refpos"
)

// refposFixture is a bank and a Client on it, recording every exchange.
type refposFixture struct {
	t      *testing.T
	ctx    context.Context
	bank   *refpos.Bank
	cfg    refpos.Config
	client *vpos.Client
	cards  vpostest.Cards
	store  vpos.Store

	mu  sync.Mutex
	exs []vpos.Exchange
}

var refposOrderSeq atomic.Int64

// refposOrder returns a fresh order id.
func refposOrder() string {
	return fmt.Sprintf("RP-%d-%d", time.Now().UnixNano()%1e9, refposOrderSeq.Add(1))
}

func newRefposFixture(t *testing.T, tweak ...func(*vpos.Options)) *refposFixture {
	t.Helper()
	bank := refpos.NewBank()
	t.Cleanup(bank.Close)
	merchant, password, key := bank.Credentials()
	f := &refposFixture{
		t:     t,
		ctx:   context.Background(),
		bank:  bank,
		cfg:   refpos.Config{Endpoint: bank.URL(), MerchantID: merchant, Password: password, StoreKey: key},
		cards: bank.Cards(),
		store: vpos.NewMemoryStore(),
	}
	opts := &vpos.Options{
		HTTPClient:       bank.Faults().HTTPClient(),
		Store:            f.store,
		Timeout:          5 * time.Second,
		StatusCheckDelay: time.Millisecond,
		Company:          "acme",
		POS:              "refpos",
		Hooks: []vpos.Hook{vpos.HookFunc(func(_ context.Context, ex vpos.Exchange) {
			f.mu.Lock()
			f.exs = append(f.exs, ex)
			f.mu.Unlock()
		})},
	}
	for _, fn := range tweak {
		fn(opts)
	}
	c, err := refpos.Open(f.cfg, opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	f.client = c
	return f
}

func (f *refposFixture) sale(order string, amount vpos.Amount, card vpos.Card) (*vpos.Result, error) {
	f.t.Helper()
	return f.client.Sale(f.ctx, &vpos.SaleRequest{OrderID: order, Amount: amount, Currency: vpos.TRY, Card: card, CustomerIP: "203.0.113.7"})
}

func (f *refposFixture) mustSale(amount vpos.Amount) string {
	f.t.Helper()
	order := refposOrder()
	if _, err := f.sale(order, amount, f.cards.Approve); err != nil {
		f.t.Fatalf("Sale: %v", err)
	}
	return order
}

func (f *refposFixture) provider() *refpos.Provider {
	f.t.Helper()
	p, err := refpos.New(f.cfg, &vpos.Options{HTTPClient: f.bank.Faults().HTTPClient(), Timeout: 5 * time.Second})
	if err != nil {
		f.t.Fatalf("New: %v", err)
	}
	return p
}

func refposWantCode(t *testing.T, err error, want vpos.ErrorCode) *vpos.Error {
	t.Helper()
	var e *vpos.Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v, want a *vpos.Error with code %s", err, want)
	}
	if e.Code != want {
		t.Fatalf("err code = %s (%v), want %s", e.Code, err, want)
	}
	return e
}

func TestConfigValidate(t *testing.T) {
	good := refpos.Config{Endpoint: "https://bank.example", MerchantID: "m", Password: "p", StoreKey: "k"}
	cases := []struct {
		name  string
		edit  func(*refpos.Config)
		field string
	}{
		{"ok", func(*refpos.Config) {}, ""},
		{"no endpoint", func(c *refpos.Config) { c.Endpoint = "" }, "Config.Endpoint"},
		{"relative endpoint", func(c *refpos.Config) { c.Endpoint = "bank.example/api" }, "Config.Endpoint"},
		{"endpoint with query", func(c *refpos.Config) { c.Endpoint = "https://bank.example/?x=1" }, "Config.Endpoint"},
		{"no merchant", func(c *refpos.Config) { c.MerchantID = " " }, "Config.MerchantID"},
		{"no password", func(c *refpos.Config) { c.Password = "" }, "Config.Password"},
		{"no store key", func(c *refpos.Config) { c.StoreKey = "" }, "Config.StoreKey"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := good
			tc.edit(&cfg)
			err := cfg.Validate()
			if tc.field == "" {
				if err != nil {
					t.Fatalf("Validate: %v, want nil", err)
				}
				return
			}
			e := refposWantCode(t, err, vpos.InvalidRequest)
			if e.Field != tc.field {
				t.Errorf("Field = %q, want %q", e.Field, tc.field)
			}
			if _, err := refpos.Open(cfg, nil); !errors.Is(err, vpos.ErrInvalidRequest) {
				t.Errorf("Open: %v, want ErrInvalidRequest", err)
			}
		})
	}
}

func TestFeatures(t *testing.T) {
	f := newRefposFixture(t)
	got := f.client.Features()
	if got.Protocol != "refpos" || len(got.ThreeD) != 4 || !got.PreAuth || !got.PartialCapture ||
		!got.PartialRefund || !got.MultipleRefunds || !got.Installments || got.MaxInstallments != 12 ||
		!got.History || !got.MOTO || got.MaxAmount != 99999999999 || len(got.Currencies) != 6 {
		t.Errorf("Features = %+v", got)
	}
	var p *refpos.Provider
	if !f.client.As(&p) || p == nil {
		t.Errorf("Client.As(*refpos.Provider) = false")
	}
}

func TestSale(t *testing.T) {
	f := newRefposFixture(t)
	for _, co := range f.cards.All() {
		t.Run(string(co.Outcome)+"/"+co.Card.Masked(), func(t *testing.T) {
			before := f.bank.Ledger().Bookings()
			order := refposOrder()
			res, err := f.sale(order, 12345, co.Card)
			if res == nil {
				t.Fatalf("Sale: nil Result (err %v)", err)
			}
			booked := f.bank.Ledger().Bookings() - before
			if co.Outcome.Approved() {
				if err != nil {
					t.Fatalf("Sale: %v", err)
				}
				if !res.Approved || res.Status != vpos.StatusApproved || res.Return != returncodes.Approved {
					t.Errorf("got Approved %v Status %s Return %s, want approved", res.Approved, res.Status, res.Return)
				}
				if res.TransactionID == "" || res.AuthCode == "" || res.RRN == "" {
					t.Errorf("got TransactionID %q AuthCode %q RRN %q, want all set", res.TransactionID, res.AuthCode, res.RRN)
				}
				if res.Amount != 12345 || res.Currency != vpos.TRY || res.MaskedPAN != co.Card.Masked() {
					t.Errorf("got %d %s %s, want 12345 TRY %s", res.Amount, res.Currency, res.MaskedPAN, co.Card.Masked())
				}
				if booked != 1 {
					t.Errorf("bookings = %d, want 1", booked)
				}
				o, ok := f.bank.Ledger().Order(order)
				if !ok || o.Amount != 12345 || o.TransID != res.TransactionID {
					t.Errorf("ledger order = %+v, want amount 12345 and trans id %s", o, res.TransactionID)
				}
				return
			}
			if !errors.Is(err, vpos.ErrDeclined) {
				t.Fatalf("Sale: %v, want ErrDeclined", err)
			}
			if res.Approved || res.Return != co.Outcome.Return() || res.BankCode != co.Outcome.ISOCode() || res.BankMessage == "" {
				t.Errorf("got Approved %v Return %s BankCode %q BankMessage %q, want %s %s",
					res.Approved, res.Return, res.BankCode, res.BankMessage, co.Outcome.Return(), co.Outcome.ISOCode())
			}
			if booked != 0 {
				t.Errorf("bookings = %d, want 0", booked)
			}
		})
	}
}

func TestSaleAmountsCurrenciesInstallments(t *testing.T) {
	f := newRefposFixture(t)
	cases := []struct {
		amount       vpos.Amount
		cur          vpos.Currency
		installments int
	}{
		{1, vpos.TRY, 0}, {99, vpos.USD, 1}, {100, vpos.EUR, 2}, {101, vpos.GBP, 6},
		{123456, vpos.JPY, 12}, {refpos.MaxAmount, vpos.RUB, 3},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%d%s/%d", tc.amount, tc.cur, tc.installments), func(t *testing.T) {
			order := refposOrder()
			res, err := f.client.Sale(f.ctx, &vpos.SaleRequest{OrderID: order, Amount: tc.amount, Currency: tc.cur,
				Installments: tc.installments, Card: f.cards.Approve})
			if err != nil {
				t.Fatalf("Sale: %v", err)
			}
			o, _ := f.bank.Ledger().Order(order)
			if res.Amount != tc.amount || o.Amount != tc.amount || o.Currency != tc.cur || o.Installments != tc.installments {
				t.Errorf("got result %d, ledger %d %s x%d; want %d %s x%d",
					res.Amount, o.Amount, o.Currency, o.Installments, tc.amount, tc.cur, tc.installments)
			}
		})
	}
}

func TestMOTOWithoutCVV(t *testing.T) {
	f := newRefposFixture(t)
	card := f.cards.Approve
	card.CVV = ""
	res, err := f.client.Sale(f.ctx, &vpos.SaleRequest{OrderID: refposOrder(), Amount: 500, Currency: vpos.TRY, Card: card, MOTO: true})
	if err != nil || !res.Approved {
		t.Fatalf("MOTO sale: %v, %+v", err, res)
	}
}

func TestPreAuthCapture(t *testing.T) {
	cases := []struct {
		name    string
		capture vpos.Amount
		want    vpos.Amount
	}{
		{"full", 0, 10000},
		{"partial", 7500, 7500},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newRefposFixture(t)
			order := refposOrder()
			if _, err := f.client.PreAuth(f.ctx, &vpos.SaleRequest{OrderID: order, Amount: 10000, Currency: vpos.TRY, Card: f.cards.Approve}); err != nil {
				t.Fatalf("PreAuth: %v", err)
			}
			res, err := f.client.Capture(f.ctx, &vpos.CaptureRequest{OrderID: order, Amount: tc.capture})
			if err != nil {
				t.Fatalf("Capture: %v", err)
			}
			if res.Amount != tc.want {
				t.Errorf("captured %d, want %d", res.Amount, tc.want)
			}
			if o, _ := f.bank.Ledger().Order(order); o.Captured != tc.want {
				t.Errorf("ledger captured %d, want %d", o.Captured, tc.want)
			}
			// A second capture reaches the bank through the provider and is
			// refused by it.
			p := f.provider()
			res, err = p.Capture(f.ctx, &vpos.CaptureRequest{OrderID: order, Currency: vpos.TRY})
			if err != nil || res.Approved || res.Return != returncodes.InvalidTransactionState || res.BankCode != "STATE" {
				t.Errorf("second capture: %v %+v, want STATE", err, res)
			}
		})
	}
}

// TestBankCodes drives the provider directly, so that the bank's refusals
// are reached without the Client's own checks.
func TestBankCodes(t *testing.T) {
	f := newRefposFixture(t)
	p := f.provider()
	ctx := f.ctx
	sold := f.mustSale(5000)
	voided := f.mustSale(5000)
	if _, err := f.client.Void(ctx, &vpos.VoidRequest{OrderID: voided}); err != nil {
		t.Fatalf("Void: %v", err)
	}
	preauth := refposOrder()
	if _, err := f.client.PreAuth(ctx, &vpos.SaleRequest{OrderID: preauth, Amount: 3000, Currency: vpos.TRY, Card: f.cards.Approve}); err != nil {
		t.Fatalf("PreAuth: %v", err)
	}
	badCreds := f.cfg
	badCreds.Password = "wrong-password"
	bad, err := refpos.New(badCreds, &vpos.Options{HTTPClient: f.bank.Faults().HTTPClient()})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	cases := []struct {
		name string
		call func() (*vpos.Result, error)
		code string
		want returncodes.Code
	}{
		{"duplicate sale", func() (*vpos.Result, error) {
			return p.Sale(ctx, &vpos.SaleRequest{OrderID: sold, Amount: 5000, Currency: vpos.TRY, Card: f.cards.Approve})
		}, "DUP", returncodes.DuplicateOrder},
		{"status unknown", func() (*vpos.Result, error) {
			return p.Status(ctx, &vpos.StatusRequest{OrderID: refposOrder()})
		}, "NF", returncodes.NotFound},
		{"void unknown", func() (*vpos.Result, error) {
			return p.Void(ctx, &vpos.VoidRequest{OrderID: refposOrder()})
		}, "NF", returncodes.NotFound},
		{"void twice", func() (*vpos.Result, error) {
			return p.Void(ctx, &vpos.VoidRequest{OrderID: voided})
		}, "STATE", returncodes.InvalidTransactionState},
		{"refund voided", func() (*vpos.Result, error) {
			return p.Refund(ctx, &vpos.RefundRequest{OrderID: voided, Amount: 100})
		}, "STATE", returncodes.InvalidTransactionState},
		{"capture a sale", func() (*vpos.Result, error) {
			return p.Capture(ctx, &vpos.CaptureRequest{OrderID: sold})
		}, "STATE", returncodes.InvalidTransactionState},
		{"over-refund", func() (*vpos.Result, error) {
			return p.Refund(ctx, &vpos.RefundRequest{OrderID: sold, Amount: 5001})
		}, "AMT", returncodes.InvalidAmount},
		{"over-capture", func() (*vpos.Result, error) {
			return p.Capture(ctx, &vpos.CaptureRequest{OrderID: preauth, Amount: 3001})
		}, "AMT", returncodes.InvalidAmount},
		{"refund in another currency", func() (*vpos.Result, error) {
			return p.Refund(ctx, &vpos.RefundRequest{OrderID: sold, Amount: 100, Currency: vpos.USD})
		}, "REQ", returncodes.InvalidRequest},
		{"bad credentials", func() (*vpos.Result, error) {
			return bad.Status(ctx, &vpos.StatusRequest{OrderID: sold})
		}, "AUTH", returncodes.AuthError},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := tc.call()
			if err != nil {
				t.Fatalf("err = %v, want a Result", err)
			}
			if res.Approved || res.BankCode != tc.code || res.Return != tc.want {
				t.Errorf("got Approved %v BankCode %q Return %s, want %q %s", res.Approved, res.BankCode, res.Return, tc.code, tc.want)
			}
		})
	}
	if got := f.bank.Ledger().Bookings(); got != 3 {
		t.Errorf("bookings = %d, want 3", got)
	}
}

func TestBadCredentialsThroughClient(t *testing.T) {
	f := newRefposFixture(t)
	cfg := f.cfg
	cfg.Password = "not-the-password"
	c, err := refpos.Open(cfg, &vpos.Options{HTTPClient: f.bank.Faults().HTTPClient()})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	_, err = c.Sale(f.ctx, &vpos.SaleRequest{OrderID: refposOrder(), Amount: 100, Currency: vpos.TRY, Card: f.cards.Approve})
	if !errors.Is(err, vpos.ErrAuth) {
		t.Errorf("Sale with a wrong password: %v, want ErrAuth", err)
	}
	if n := f.bank.Ledger().Bookings(); n != 0 {
		t.Errorf("bookings = %d, want 0", n)
	}
}

func TestVoid(t *testing.T) {
	f := newRefposFixture(t)
	order := f.mustSale(2500)
	res, err := f.client.Void(f.ctx, &vpos.VoidRequest{OrderID: order})
	if err != nil || !res.Approved {
		t.Fatalf("Void: %v", err)
	}
	if o, _ := f.bank.Ledger().Order(order); o.Status != vpos.StatusVoided {
		t.Errorf("ledger status %s, want voided", o.Status)
	}
	if _, err := f.client.Void(f.ctx, &vpos.VoidRequest{OrderID: order}); err == nil {
		t.Errorf("second Void succeeded")
	}
	// Void on a later Istanbul day is refused by the bank.
	late := f.mustSale(2500)
	f.bank.SetClock(func() time.Time { return time.Now().Add(48 * time.Hour) })
	defer f.bank.SetClock(nil)
	res, err = f.provider().Void(f.ctx, &vpos.VoidRequest{OrderID: late})
	if err != nil || res.BankCode != "STATE" {
		t.Errorf("void two days later: %v %+v, want STATE", err, res)
	}
}

func TestRefund(t *testing.T) {
	f := newRefposFixture(t)
	order := f.mustSale(10000)
	steps := []struct {
		amount   vpos.Amount
		refunded vpos.Amount
		status   vpos.TxStatus
	}{
		{3000, 3000, vpos.StatusPartiallyRefunded},
		{2000, 5000, vpos.StatusPartiallyRefunded},
		{0, 10000, vpos.StatusRefunded},
	}
	for i, s := range steps {
		res, err := f.client.Refund(f.ctx, &vpos.RefundRequest{OrderID: order, Amount: s.amount})
		if err != nil {
			t.Fatalf("refund %d: %v", i+1, err)
		}
		if res.RefundedAmount != s.refunded {
			t.Errorf("refund %d: RefundedAmount %d, want %d", i+1, res.RefundedAmount, s.refunded)
		}
		st, err := f.client.Status(f.ctx, &vpos.StatusRequest{OrderID: order})
		if err != nil || st.Status != s.status || st.RefundedAmount != s.refunded {
			t.Errorf("after refund %d: status %v %+v, want %s refunded %d", i+1, err, st, s.status, s.refunded)
		}
	}
	if _, err := f.client.Refund(f.ctx, &vpos.RefundRequest{OrderID: order, Amount: 1}); err == nil {
		t.Errorf("refund of a fully refunded sale succeeded")
	}
}

func TestStatus(t *testing.T) {
	f := newRefposFixture(t)
	approved := f.mustSale(4000)
	declined := refposOrder()
	if _, err := f.sale(declined, 4000, f.cards.InsufficientFunds); !errors.Is(err, vpos.ErrDeclined) {
		t.Fatalf("Sale: %v, want ErrDeclined", err)
	}
	voided := f.mustSale(4000)
	if _, err := f.client.Void(f.ctx, &vpos.VoidRequest{OrderID: voided}); err != nil {
		t.Fatalf("Void: %v", err)
	}
	refunded := f.mustSale(4000)
	if _, err := f.client.Refund(f.ctx, &vpos.RefundRequest{OrderID: refunded}); err != nil {
		t.Fatalf("Refund: %v", err)
	}
	partial := f.mustSale(4000)
	if _, err := f.client.Refund(f.ctx, &vpos.RefundRequest{OrderID: partial, Amount: 1500}); err != nil {
		t.Fatalf("Refund: %v", err)
	}
	cases := []struct {
		order    string
		status   vpos.TxStatus
		ret      returncodes.Code
		refunded vpos.Amount
	}{
		{approved, vpos.StatusApproved, returncodes.Approved, 0},
		{declined, vpos.StatusDeclined, returncodes.InsufficientFunds, 0},
		{voided, vpos.StatusVoided, returncodes.Approved, 0},
		{refunded, vpos.StatusRefunded, returncodes.Approved, 4000},
		{partial, vpos.StatusPartiallyRefunded, returncodes.Approved, 1500},
	}
	for _, tc := range cases {
		t.Run(string(tc.status), func(t *testing.T) {
			res, err := f.client.Status(f.ctx, &vpos.StatusRequest{OrderID: tc.order})
			if err != nil {
				t.Fatalf("Status: %v", err)
			}
			if res.Status != tc.status || res.Return != tc.ret || res.RefundedAmount != tc.refunded || res.Amount != 4000 || res.Currency != vpos.TRY {
				t.Errorf("got %s %s refunded %d amount %d %s, want %s %s refunded %d amount 4000 TRY",
					res.Status, res.Return, res.RefundedAmount, res.Amount, res.Currency, tc.status, tc.ret, tc.refunded)
			}
			if o, _ := f.bank.Ledger().Order(tc.order); o.Status != tc.status {
				t.Errorf("ledger %s, want %s", o.Status, tc.status)
			}
		})
	}
	t.Run("unknown", func(t *testing.T) {
		_, err := f.client.Status(f.ctx, &vpos.StatusRequest{OrderID: refposOrder()})
		if !errors.Is(err, vpos.ErrNotFound) {
			t.Errorf("Status of an unknown order: %v, want ErrNotFound", err)
		}
	})
}

func TestHistory(t *testing.T) {
	f := newRefposFixture(t)
	want := map[string]vpos.Amount{}
	for _, a := range []vpos.Amount{1111, 2222, 3333} {
		want[f.mustSale(a)] = a
	}
	refunded := f.mustSale(5000)
	if _, err := f.client.Refund(f.ctx, &vpos.RefundRequest{OrderID: refunded, Amount: 1000}); err != nil {
		t.Fatalf("Refund: %v", err)
	}
	from, to := vpos.IstanbulDay(time.Now())
	rows, err := f.client.History(f.ctx, &vpos.HistoryRequest{From: from, To: to})
	if err != nil {
		t.Fatalf("History: %v", err)
	}
	if len(rows) != 5 {
		t.Errorf("got %d rows, want 5", len(rows))
	}
	for _, r := range rows {
		if r.Op == vpos.OpSale {
			if a, ok := want[r.OrderID]; ok && (r.Amount != a || r.Status != vpos.StatusApproved || r.AuthCode == "" || r.Return != returncodes.Approved) {
				t.Errorf("row %+v, want approved sale of %d with an auth code", r, a)
			}
			if !strings.Contains(r.MaskedPAN, "*") {
				t.Errorf("row masked PAN %q is not masked", r.MaskedPAN)
			}
		}
		if r.Time.Before(from) || !r.Time.Before(to) {
			t.Errorf("row time %s outside [%s, %s)", r.Time, from, to)
		}
	}
	one, err := f.client.History(f.ctx, &vpos.HistoryRequest{OrderID: refunded})
	if err != nil {
		t.Fatalf("History of one order: %v", err)
	}
	if len(one) != 2 || one[0].Op != vpos.OpSale || one[1].Op != vpos.OpRefund || one[1].Amount != 1000 {
		t.Errorf("order history = %+v, want sale then refund of 1000", one)
	}
	old, err := f.client.History(f.ctx, &vpos.HistoryRequest{From: from.AddDate(0, 0, -2), To: from.AddDate(0, 0, -1)})
	if err != nil || len(old) != 0 {
		t.Errorf("history of two days ago: %v, %d rows, want none", err, len(old))
	}
	if page2, err := f.client.History(f.ctx, &vpos.HistoryRequest{From: from, To: to, Page: 2}); err != nil || len(page2) != 0 {
		t.Errorf("page 2: %v, %d rows, want none (the protocol does not page)", err, len(page2))
	}
}

// threeD runs Begin3D and the ACS and returns the callback.
func (f *refposFixture) threeD(order string, model threed.Model, preAuth bool, card vpos.Card, outcome vpostest.ACSOutcome) url.Values {
	f.t.Helper()
	req := &vpos.ThreeDRequest{
		OrderID: order, Amount: 15075, Currency: vpos.TRY, Installments: 3, Model: model, PreAuth: preAuth,
		OkURL: "https://shop.example/3d/ok", FailURL: "https://shop.example/3d/fail",
	}
	if !model.CardOnBankPage() {
		req.Card = card
	}
	form, err := f.client.Begin3D(f.ctx, req)
	if err != nil {
		f.t.Fatalf("Begin3D: %v", err)
	}
	if form.Action != f.bank.URL()+"/3d/gate" || form.Fields.Get("order_id") != order || form.Fields.Get("amount") != "15075" ||
		form.Fields.Get("currency") != "TRY" || form.Fields.Get("hash") == "" {
		f.t.Fatalf("Begin3D form: action %s, fields %v", form.Action, form.Fields)
	}
	if model.CardOnBankPage() && form.Fields.Has("pan") {
		f.t.Fatalf("hosted model form carries a card number")
	}
	b := vpostest.Browser{Client: &http.Client{Timeout: 10 * time.Second}}
	cb, err := b.RunACS(f.ctx, form, outcome)
	if err != nil {
		f.t.Fatalf("RunACS: %v", err)
	}
	if err := f.cfg.VerifyCallback(cb); err != nil {
		f.t.Fatalf("VerifyCallback of the bank's callback: %v", err)
	}
	return cb
}

func Test3D(t *testing.T) {
	type want struct {
		approved bool
		booked   int
	}
	success := want{true, 1}
	refused := want{false, 0}
	cases := []struct {
		model    threed.Model
		outcome  vpostest.ACSOutcome
		attempts bool
		preAuth  bool
		card     func(vpostest.Cards) vpos.Card
		want     want
		ret      returncodes.Code
	}{
		{model: threed.Model3D, outcome: vpostest.ACSSuccess, want: success},
		{model: threed.Model3D, outcome: vpostest.ACSSuccess, preAuth: true, want: success},
		{model: threed.Model3D, outcome: vpostest.ACSFailure, want: refused, ret: returncodes.ThreeDSFailed},
		{model: threed.Model3D, outcome: vpostest.ACSAttempt, want: refused, ret: returncodes.ThreeDSFailed},
		{model: threed.Model3D, outcome: vpostest.ACSAttempt, attempts: true, want: success},
		{model: threed.Model3D, outcome: vpostest.ACSNotEnrolled, attempts: true, want: success},
		{model: threed.Model3D, outcome: vpostest.ACSSuccess, want: refused, ret: returncodes.InsufficientFunds,
			card: func(c vpostest.Cards) vpos.Card { return c.InsufficientFunds }},
		{model: threed.Model3DPay, outcome: vpostest.ACSSuccess, want: success},
		{model: threed.Model3DPay, outcome: vpostest.ACSSuccess, preAuth: true, want: success},
		{model: threed.Model3DPay, outcome: vpostest.ACSFailure, want: refused, ret: returncodes.ThreeDSFailed},
		{model: threed.Model3DPay, outcome: vpostest.ACSAttempt, attempts: true, want: refused, ret: returncodes.ThreeDSFailed},
		{model: threed.Model3DPay, outcome: vpostest.ACSSuccess, want: refused, ret: returncodes.PickupLostStolen,
			card: func(c vpostest.Cards) vpos.Card { return c.StolenCard }},
		{model: threed.Model3DHost, outcome: vpostest.ACSSuccess, want: success},
		{model: threed.Model3DHost, outcome: vpostest.ACSNotEnrolled, want: refused, ret: returncodes.ThreeDSFailed},
		{model: threed.Model3DPayHosting, outcome: vpostest.ACSSuccess, want: success},
		{model: threed.Model3DPayHosting, outcome: vpostest.ACSSuccess, preAuth: true, want: success},
		{model: threed.Model3DPayHosting, outcome: vpostest.ACSFailure, want: refused, ret: returncodes.ThreeDSFailed},
	}
	for _, tc := range cases {
		name := fmt.Sprintf("%s/%s/attempts=%v/preauth=%v", tc.model, tc.outcome, tc.attempts, tc.preAuth)
		if tc.card != nil {
			name += "/decline-card"
		}
		t.Run(name, func(t *testing.T) {
			f := newRefposFixture(t, func(o *vpos.Options) { o.Accept3DAttempts = tc.attempts })
			card := f.cards.ThreeD
			if tc.card != nil {
				card = tc.card(f.cards)
			}
			order := refposOrder()
			cb := f.threeD(order, tc.model, tc.preAuth, card, tc.outcome)
			if cb.Get("md_status") != tc.outcome.MDStatus() {
				t.Errorf("callback md_status %q, want %q", cb.Get("md_status"), tc.outcome.MDStatus())
			}
			res, err := f.client.Complete3D(f.ctx, cb)
			if res == nil {
				t.Fatalf("Complete3D: nil Result, err %v", err)
			}
			if tc.want.approved {
				if err != nil || !res.Approved || res.TransactionID == "" || res.AuthCode == "" {
					t.Fatalf("Complete3D: %v, %+v; want approved with references", err, res)
				}
				kind := vpostest.KindSale
				if tc.preAuth {
					kind = vpostest.KindPreAuth
				}
				o, _ := f.bank.Ledger().Order(order)
				if o == nil || o.Kind != kind || o.Amount != 15075 || o.Installments != 3 {
					t.Errorf("ledger order %+v, want %s of 15075 in 3 installments", o, kind)
				}
			} else {
				if !errors.Is(err, vpos.ErrDeclined) || res.Return != tc.ret {
					t.Errorf("Complete3D: %v, Return %s; want ErrDeclined with %s", err, res.Return, tc.ret)
				}
			}
			if res.ThreeD == nil || res.ThreeD.MDStatus != tc.outcome.MDStatus() || res.ThreeD.Model != tc.model {
				t.Errorf("ThreeD = %+v, want model %s mdStatus %s", res.ThreeD, tc.model, tc.outcome.MDStatus())
			}
			if got := f.bank.Ledger().Bookings(); got != tc.want.booked {
				t.Errorf("bookings = %d, want %d", got, tc.want.booked)
			}
			// The same callback again is a replay: nothing more is booked.
			again, err2 := f.client.Complete3D(f.ctx, cb)
			if again == nil || !again.Replay || (err2 == nil) != (err == nil) {
				t.Errorf("second delivery: %v, %+v; want the first outcome as a replay", err2, again)
			}
			if got := f.bank.Ledger().Bookings(); got != tc.want.booked {
				t.Errorf("bookings after replay = %d, want %d", got, tc.want.booked)
			}
		})
	}
}

func TestProvisionGuards(t *testing.T) {
	f := newRefposFixture(t)
	order := refposOrder()
	cb := f.threeD(order, threed.Model3D, false, f.cards.ThreeD, vpostest.ACSSuccess)
	p := f.provider()
	parsed, err := p.ParseCallback(f.ctx, cb)
	if err != nil {
		t.Fatalf("ParseCallback: %v", err)
	}
	pending := &vpos.Pending3D{OrderID: order, Amount: 15075, Currency: vpos.TRY, Installments: 3, Model: threed.Model3D}
	cases := []struct {
		name string
		edit func(*vpos.Pending3D, *vpos.Callback)
		code string
	}{
		{"other amount", func(p *vpos.Pending3D, _ *vpos.Callback) { p.Amount = 15076 }, "REQ"},
		{"other order", func(p *vpos.Pending3D, _ *vpos.Callback) { p.OrderID = refposOrder() }, "REQ"},
		{"other currency", func(p *vpos.Pending3D, _ *vpos.Callback) { p.Currency = vpos.USD }, "REQ"},
		{"unknown md", func(_ *vpos.Pending3D, c *vpos.Callback) { c.Fields = url.Values{"md": {"NOSUCHTOKEN"}} }, "NF"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			pd, c := *pending, *parsed
			tc.edit(&pd, &c)
			res, err := p.Complete3D(f.ctx, &c, &pd)
			if err != nil || res.Approved || res.BankCode != tc.code {
				t.Errorf("Complete3D: %v %+v, want %s", err, res, tc.code)
			}
		})
	}
	res, err := p.Complete3D(f.ctx, parsed, pending)
	if err != nil || !res.Approved {
		t.Fatalf("Complete3D: %v %+v", err, res)
	}
	res, err = p.Complete3D(f.ctx, parsed, pending)
	if err != nil || res.BankCode != "DUP" {
		t.Errorf("second provision: %v %+v, want DUP", err, res)
	}
	if n := f.bank.Ledger().Bookings(); n != 1 {
		t.Errorf("bookings = %d, want 1", n)
	}
}

func TestCallbackTampering(t *testing.T) {
	f := newRefposFixture(t)
	order := refposOrder()
	cb := f.threeD(order, threed.Model3D, false, f.cards.ThreeD, vpostest.ACSSuccess)
	for name := range cb {
		if name == "hash" {
			continue
		}
		t.Run("change "+name, func(t *testing.T) {
			bad := refposClone(cb)
			bad.Set(name, cb.Get(name)+"1")
			if err := f.cfg.VerifyCallback(bad); !errors.Is(err, vpos.ErrInvalidCallback) {
				t.Errorf("VerifyCallback: %v, want ErrInvalidCallback", err)
			}
			if _, err := f.client.Complete3D(f.ctx, bad); !errors.Is(err, vpos.ErrInvalidCallback) {
				t.Errorf("Complete3D: %v, want ErrInvalidCallback", err)
			}
		})
	}
	edits := map[string]func(url.Values){
		"hash removed":  func(v url.Values) { v.Del("hash") },
		"hash empty":    func(v url.Values) { v.Set("hash", "") },
		"hash repeated": func(v url.Values) { v.Add("hash", v.Get("hash")) },
		"field added":   func(v url.Values) { v.Set("extra", "1") },
		"field removed": func(v url.Values) { v.Del("eci") },
		"value split":   func(v url.Values) { v.Set("eci", v.Get("eci")+"&md_status=1") },
	}
	for name, edit := range edits {
		t.Run(name, func(t *testing.T) {
			bad := refposClone(cb)
			edit(bad)
			if err := f.cfg.VerifyCallback(bad); !errors.Is(err, vpos.ErrInvalidCallback) {
				t.Errorf("VerifyCallback: %v, want ErrInvalidCallback", err)
			}
		})
	}
	if err := (refpos.Config{StoreKey: "another key"}).VerifyCallback(cb); !errors.Is(err, vpos.ErrInvalidCallback) {
		t.Errorf("VerifyCallback with another key: %v, want ErrInvalidCallback", err)
	}
	if n := f.bank.Ledger().Bookings(); n != 0 {
		t.Errorf("bookings = %d, want 0", n)
	}
	// The untouched callback still completes.
	if _, err := f.client.Complete3D(f.ctx, cb); err != nil {
		t.Errorf("Complete3D of the genuine callback: %v", err)
	}
}

func TestBadCallbackSignatureFault(t *testing.T) {
	f := newRefposFixture(t)
	form, err := f.client.Begin3D(f.ctx, &vpos.ThreeDRequest{OrderID: refposOrder(), Amount: 100, Currency: vpos.TRY,
		Model: threed.Model3DPay, Card: f.cards.ThreeD, OkURL: "https://shop.example/ok"})
	if err != nil {
		t.Fatalf("Begin3D: %v", err)
	}
	f.bank.Faults().Arm(vpostest.FaultBadCallbackSignature)
	b := vpostest.Browser{}
	cb, err := b.RunACS(f.ctx, form, vpostest.ACSSuccess)
	if err != nil {
		t.Fatalf("RunACS: %v", err)
	}
	if _, err := f.client.Complete3D(f.ctx, cb); !errors.Is(err, vpos.ErrInvalidCallback) {
		t.Errorf("Complete3D of a badly signed callback: %v, want ErrInvalidCallback", err)
	}
}

func TestGateRefusesTamperedForm(t *testing.T) {
	f := newRefposFixture(t)
	form, err := f.client.Begin3D(f.ctx, &vpos.ThreeDRequest{OrderID: refposOrder(), Amount: 100, Currency: vpos.TRY,
		Model: threed.Model3DPay, Card: f.cards.ThreeD, OkURL: "https://shop.example/ok"})
	if err != nil {
		t.Fatalf("Begin3D: %v", err)
	}
	form.Fields.Set("amount", "1")
	b := vpostest.Browser{}
	if _, err := b.RunACS(f.ctx, form, vpostest.ACSSuccess); err == nil || !strings.Contains(err.Error(), "403") {
		t.Errorf("RunACS of a tampered gate form: %v, want a 403", err)
	}
}

func refposClone(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

func TestFaults(t *testing.T) {
	cases := []struct {
		fault    vpostest.Fault
		code     vpos.ErrorCode // "" means approved
		booked   int
		requests int // requests that reached the bank for the sale (status included)
	}{
		{vpostest.FaultConnRefused, vpos.Unavailable, 0, 0},
		{vpostest.FaultHTTP500, vpos.Unavailable, 0, 2},
		{vpostest.FaultMalformedReply, "", 1, 2},
		{vpostest.FaultHangAfterBook, "", 1, 2},
	}
	for _, tc := range cases {
		t.Run(string(tc.fault), func(t *testing.T) {
			f := newRefposFixture(t, func(o *vpos.Options) { o.Timeout = 300 * time.Millisecond })
			f.bank.Faults().Arm(tc.fault)
			before := f.bank.Faults().Requests()
			order := refposOrder()
			res, err := f.sale(order, 777, f.cards.Approve)
			f.bank.Faults().Arm(vpostest.FaultNone)
			if tc.code == "" {
				if err != nil || !res.Approved {
					t.Errorf("Sale: %v, want approved after the status inquiry", err)
				}
			} else {
				refposWantCode(t, err, tc.code)
			}
			if n := f.bank.Ledger().Bookings(); n != tc.booked {
				t.Errorf("bookings = %d, want %d", n, tc.booked)
			}
			if n := f.bank.Faults().Requests() - before; n != tc.requests {
				t.Errorf("requests = %d, want %d", n, tc.requests)
			}
		})
	}
}

func TestBankRefusesUnknownFields(t *testing.T) {
	f := newRefposFixture(t)
	merchant, password, _ := f.bank.Credentials()
	cases := []struct {
		name string
		body string
		code string
	}{
		{"unknown field", fmt.Sprintf(`{"merchant":%q,"password":%q,"op":"status","orderid":"x"}`, merchant, password), "REQ"},
		{"not json", `op=status`, "REQ"},
		{"unknown op", fmt.Sprintf(`{"merchant":%q,"password":%q,"op":"ship"}`, merchant, password), "REQ"},
		{"wrong merchant", fmt.Sprintf(`{"merchant":"x","password":%q,"op":"status","order_id":"x"}`, password), "AUTH"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := http.Post(f.bank.URL()+"/api", "application/json", bytes.NewBufferString(tc.body))
			if err != nil {
				t.Fatalf("POST: %v", err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			var rep struct{ Result, Code string }
			if err := json.Unmarshal(body, &rep); err != nil || rep.Result != "error" || rep.Code != tc.code {
				t.Errorf("reply %s, want result error code %s", body, tc.code)
			}
		})
	}
}

func TestNoCardDataOrSecretsRecorded(t *testing.T) {
	f := newRefposFixture(t)
	f.mustSale(100)
	if _, err := f.sale(refposOrder(), 100, f.cards.InvalidCVV); err == nil {
		t.Fatalf("InvalidCVV sale approved")
	}
	_, password, key := f.bank.Credentials()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.exs) == 0 {
		t.Fatalf("no exchanges recorded")
	}
	for _, ex := range f.exs {
		text := fmt.Sprintf("%+v", ex)
		for what, secret := range map[string]string{
			"PAN": f.cards.Approve.Number, "declined PAN": f.cards.InvalidCVV.Number,
			"password": password, "store key": key,
		} {
			if strings.Contains(text, secret) {
				t.Errorf("exchange %s %s carries the %s", ex.Op, ex.OrderID, what)
			}
		}
		if strings.Contains(text, `"cvv":"`+f.cards.Approve.CVV) {
			t.Errorf("exchange %s %s carries the CVV", ex.Op, ex.OrderID)
		}
	}
	for _, o := range f.bank.Ledger().Orders() {
		if !strings.Contains(o.MaskedPAN, "*") {
			t.Errorf("ledger keeps %q, want a masked number", o.MaskedPAN)
		}
	}
}

func TestParallelSales(t *testing.T) {
	f := newRefposFixture(t)
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for range 20 {
		wg.Go(func() {
			if _, err := f.sale(refposOrder(), 1000, f.cards.Approve); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("parallel sale: %v", err)
	}
	if n := f.bank.Ledger().Bookings(); n != 20 {
		t.Errorf("bookings = %d, want 20", n)
	}
}

func TestHarness(t *testing.T) {
	h := refpos.NewHarness(t)
	defer h.Close()
	c, err := h.Client(context.Background(), nil)
	if err != nil {
		t.Fatalf("Client: %v", err)
	}
	res, err := c.Sale(context.Background(), &vpos.SaleRequest{OrderID: refposOrder(), Amount: 100, Currency: vpos.TRY, Card: h.Cards().Approve})
	if err != nil || !res.Approved {
		t.Fatalf("Sale: %v", err)
	}
	if h.Ledger().Bookings() != 1 || h.Requests() != 1 {
		t.Errorf("bookings %d, requests %d; want 1, 1", h.Ledger().Bookings(), h.Requests())
	}
	secrets := h.Secrets()
	if len(secrets) != 2 || len(secrets[0]) < 20 || len(secrets[1]) < 20 {
		t.Errorf("Secrets = %d values, want 2 long ones", len(secrets))
	}
	if !h.Inject(vpostest.FaultHTTP500) || !h.Inject(vpostest.FaultNone) {
		t.Errorf("Inject = false, want true")
	}
	form, err := c.Begin3D(context.Background(), &vpos.ThreeDRequest{OrderID: refposOrder(), Amount: 100, Currency: vpos.TRY,
		Model: threed.Model3DHost, OkURL: "https://shop.example/ok"})
	if err != nil {
		t.Fatalf("Begin3D: %v", err)
	}
	cb, err := h.ACS(context.Background(), form, vpostest.ACSSuccess)
	if err != nil {
		t.Fatalf("ACS: %v", err)
	}
	if res, err := c.Complete3D(context.Background(), cb); err != nil || !res.Approved {
		t.Errorf("Complete3D: %v", err)
	}
}

func BenchmarkSale(b *testing.B) {
	bank := refpos.NewBank()
	defer bank.Close()
	merchant, password, key := bank.Credentials()
	client, err := refpos.Open(refpos.Config{Endpoint: bank.URL(), MerchantID: merchant, Password: password, StoreKey: key},
		&vpos.Options{HTTPClient: bank.Faults().HTTPClient()})
	if err != nil {
		b.Fatal(err)
	}
	card := bank.Cards().Approve
	ctx := context.Background()
	n := 0
	b.ReportAllocs()
	for b.Loop() {
		n++
		if _, err := client.Sale(ctx, &vpos.SaleRequest{OrderID: fmt.Sprintf("BENCH-%d", n), Amount: 1250, Currency: vpos.TRY, Card: card}); err != nil {
			b.Fatal(err)
		}
	}
}
