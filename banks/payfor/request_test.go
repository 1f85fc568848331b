package payfor

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sanalpos/vpos"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/requests")

// TestSaleSerializerExample is payfor.md §3's serialized example
// (mewebstudio PayForPosSerializerTest), with the XML declaration of §1.
func TestSaleSerializerExample(t *testing.T) {
	cfg := testConfig()
	got, err := buildCharge(&cfg, txnAuth, &vpos.SaleRequest{
		OrderID: "order222", Amount: 10025, Currency: vpos.TRY,
		Card: vpos.Card{Number: "5555444433332222", ExpMonth: 12, ExpYear: 2021, CVV: "122", Holder: "ahmet"},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := `<?xml version="1.0" encoding="UTF-8"?>` +
		`<PayforRequest><MerchantId>085300000009704</MerchantId><UserCode>QNB_API_KULLANICI_3DPAY</UserCode><UserPass>UcBN0</UserPass><MbrId>5</MbrId><MOTO>0</MOTO><OrderId>order222</OrderId><SecureType>NonSecure</SecureType><TxnType>Auth</TxnType><PurchAmount>100.25</PurchAmount><Currency>949</Currency><InstallmentCount>0</InstallmentCount><Lang>tr</Lang><CardHolderName>ahmet</CardHolderName><Pan>5555444433332222</Pan><Expiry>1221</Expiry><Cvv2>122</Cvv2></PayforRequest>`
	if string(got) != want {
		t.Errorf("sale XML\n got %s\nwant %s", got, want)
	}
}

// TestGoldenRequests compares every request the adapter builds with
// testdata/requests/*.xml (go test -update rewrites them).
func TestGoldenRequests(t *testing.T) {
	cfg := testConfig()
	zk := testConfig()
	zk.Endpoint = ZiraatKatilimTest
	zk.Lang = "EN"
	card := testCard()
	card.Holder = "Çağrı Öztürk & Co <Ltd>"
	build := map[string]func() ([]byte, error){
		"sale_installments": func() ([]byte, error) {
			return buildCharge(&cfg, txnAuth, &vpos.SaleRequest{OrderID: "20240121ABCD", Amount: 120000, Currency: vpos.TRY,
				Installments: 3, Card: card})
		},
		"sale_moto_no_cvv": func() ([]byte, error) {
			c := testCard()
			c.CVV = ""
			return buildCharge(&cfg, txnAuth, &vpos.SaleRequest{OrderID: "MOTO-1", Amount: 101, Currency: vpos.TRY, Card: c, MOTO: true})
		},
		"preauth_usd_ziraatkatilim": func() ([]byte, error) {
			return buildCharge(&zk, txnPreAuth, &vpos.SaleRequest{OrderID: "ZK-1", Amount: 201, Currency: vpos.USD,
				Card: testCard(), CustomerName: "ignored: the card names its holder"})
		},
		"postauth":         func() ([]byte, error) { return buildPostAuth(&cfg, "20221031B7C1", 203, vpos.TRY) },
		"void":             func() ([]byte, error) { return buildVoid(&cfg, "2022103130CB", vpos.TRY) },
		"refund_partial":   func() ([]byte, error) { return buildRefund(&cfg, "20240119A1B2", 1500, vpos.EUR) },
		"order_inquiry":    func() ([]byte, error) { return buildInquiry(&cfg, "2022103008A3") },
		"history_order":    func() ([]byte, error) { return buildHistory(&cfg, "202401212A22", "") },
		"history_day":      func() ([]byte, error) { return buildHistory(&cfg, "", "20240121") },
		"3d_model_payment": func() ([]byte, error) { return build3DPayment(&cfg, "20221031CFD0", "1000000081255931") },
	}
	for name, b := range build {
		t.Run(name, func(t *testing.T) {
			got, err := b()
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "requests", name+".xml")
			if *update {
				if err := os.WriteFile(path, append(got, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if string(got)+"\n" != string(want) {
				t.Errorf("%s\n got %s\nwant %s", name, got, want)
			}
			if _, err := parseRequestForTest(got); err != nil {
				t.Errorf("%s is not well-formed: %v", name, err)
			}
		})
	}
}

// TestRequestValidation checks that bad input is refused before any
// request, naming the field and never echoing card data.
func TestRequestValidation(t *testing.T) {
	cfg := testConfig()
	sale := func(edit func(*vpos.SaleRequest)) error {
		r := &vpos.SaleRequest{OrderID: "O-1", Amount: 100, Currency: vpos.TRY, Card: testCard()}
		edit(r)
		_, err := buildCharge(&cfg, txnAuth, r)
		return err
	}
	tests := []struct {
		name  string
		err   error
		field string
	}{
		{"empty order", sale(func(r *vpos.SaleRequest) { r.OrderID = "" }), "OrderID"},
		{"long order", sale(func(r *vpos.SaleRequest) { r.OrderID = strings.Repeat("A", 51) }), "OrderID"},
		{"order with <", sale(func(r *vpos.SaleRequest) { r.OrderID = "a<b" }), "OrderID"},
		{"zero amount", sale(func(r *vpos.SaleRequest) { r.Amount = 0 }), "Amount"},
		{"too large", sale(func(r *vpos.SaleRequest) { r.Amount = MaxAmount + 1 }), "Amount"},
		{"unknown currency", sale(func(r *vpos.SaleRequest) { r.Currency = "XXX" }), "Currency"},
		{"13 installments", sale(func(r *vpos.SaleRequest) { r.Installments = 13 }), "Installments"},
		{"no card", sale(func(r *vpos.SaleRequest) { r.Card.Number = "" }), "Card.Number"},
		{"refund zero", func() error { _, err := buildRefund(&cfg, "O-1", 0, vpos.TRY); return err }(), "Amount"},
		{"capture unknown currency", func() error { _, err := buildPostAuth(&cfg, "O-1", 1, "XXX"); return err }(), "Currency"},
	}
	for _, tt := range tests {
		var e *vpos.Error
		if !errors.As(tt.err, &e) || e.Code != vpos.InvalidRequest || e.Field != tt.field {
			t.Errorf("%s: got %v, want InvalidRequest naming %s", tt.name, tt.err, tt.field)
		}
	}
	err := sale(func(r *vpos.SaleRequest) { r.Card.Holder = "bad\x01name" })
	if !errors.Is(err, vpos.ErrInvalidRequest) || !strings.Contains(err.Error(), "CardHolderName") || strings.Contains(err.Error(), "bad") {
		t.Errorf("control character in the holder: %v", err)
	}
	if err := sale(func(r *vpos.SaleRequest) { r.Card.Holder = "bad\xffname" }); !errors.Is(err, vpos.ErrInvalidRequest) {
		t.Errorf("invalid UTF-8 in the holder: %v", err)
	}
}

func TestAmountFormat(t *testing.T) {
	for _, c := range []struct {
		a    vpos.Amount
		cur  vpos.Currency
		want string
	}{
		{1, vpos.TRY, "0.01"}, {99, vpos.TRY, "0.99"}, {100, vpos.TRY, "1.00"}, {101, vpos.TRY, "1.01"},
		{10025, vpos.TRY, "100.25"}, {MaxAmount, vpos.TRY, "200000.00"}, {500, vpos.JPY, "500"},
	} {
		if got := formatAmount(c.a, c.cur); got != c.want {
			t.Errorf("formatAmount(%d %s) = %q, want %q", c.a, c.cur, got, c.want)
		}
		if back, ok := parseAmount(c.want, c.cur); !ok || back != c.a {
			t.Errorf("parseAmount(%q) = %d, %v; want %d", c.want, back, ok, c.a)
		}
	}
	for s, want := range map[string]vpos.Amount{"1": 100, "2.03": 203, "1,5": 150, " 40.00 ": 4000} {
		if got, ok := parseAmount(s, vpos.TRY); !ok || got != want {
			t.Errorf("parseAmount(%q) = %d, %v; want %d", s, got, ok, want)
		}
	}
	if got, ok := parseAmount("500.00", vpos.JPY); !ok || got != 500 {
		t.Errorf("parseAmount(500.00 JPY) = %d, %v", got, ok)
	}
	for _, s := range []string{"", "abc", "1.234", "-1", "1e5", "0.5.5", "500.50"} {
		cur := vpos.TRY
		if s == "500.50" {
			cur = vpos.JPY
		}
		if _, ok := parseAmount(s, cur); ok {
			t.Errorf("parseAmount(%q %s) succeeded", s, cur)
		}
	}
}

func TestInstallments(t *testing.T) {
	for n, want := range map[int]string{0: "0", 1: "0", 2: "2", 12: "12"} {
		if got := installments(n); got != want {
			t.Errorf("installments(%d) = %q, want %q", n, got, want)
		}
	}
}
