package nestpay

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/returncodes"
	"github.com/sanalpos/vpos/threed"
)

const (
	testAPI  = "https://bank.example/fim/api"
	testGate = "https://bank.example/fim/est3Dgate"
)

// testConfig is a merchant on a mocked bank.
func testConfig() Config {
	return Config{
		ClientID: "700655000200", User: "ISBANKAPI", Password: "ISBANK07", StoreKey: "TRPS0200",
		Endpoint: Endpoint{API: testAPI, Gate3D: testGate},
	}
}

// sample reads a reply sample of testdata/replies.
func sample(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "replies", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// mockBank is a Provider whose API answers with reply(request body).
type mockBank struct {
	p        *Provider
	requests []string
}

func newMockBank(t *testing.T, cfg Config, reply func(req string) (int, []byte)) *mockBank {
	t.Helper()
	mt := httpmock.NewMockTransport()
	m := &mockBank{}
	mt.RegisterResponder(http.MethodPost, cfg.Endpoint.API, func(r *http.Request) (*http.Response, error) {
		var b bytes.Buffer
		if _, err := b.ReadFrom(r.Body); err != nil {
			return nil, err
		}
		m.requests = append(m.requests, b.String())
		status, body := reply(b.String())
		resp := httpmock.NewBytesResponse(status, body)
		resp.Header.Set("Content-Type", "text/xml")
		return resp, nil
	})
	p, err := New(cfg, &vpos.Options{HTTPClient: &http.Client{Transport: mt}, Timeout: 5 * time.Second,
		Clock: func() time.Time { return time.Date(2026, 5, 4, 12, 0, 0, 0, vpos.Istanbul()) }})
	if err != nil {
		t.Fatal(err)
	}
	m.p = p
	return m
}

// fixed answers every request with one sample.
func fixed(t *testing.T, name string) func(string) (int, []byte) {
	b := sample(t, name)
	return func(string) (int, []byte) { return http.StatusOK, b }
}

func saleReq(order string) *vpos.SaleRequest {
	return &vpos.SaleRequest{
		OrderID: order, Amount: 10025, Currency: vpos.TRY,
		Card:       vpos.Card{Number: "4000009999000006", ExpMonth: 7, ExpYear: 2031, CVV: "768", Holder: "Ayşe Yılmaz"},
		CustomerIP: "192.0.2.10", CustomerEmail: "ayşe.yılmaz@örnek.com.tr", CustomerName: "Ayşe Yılmaz",
	}
}

func TestSaleReplies(t *testing.T) {
	tests := []struct {
		sample    string
		order     string
		approved  bool
		ret       returncodes.Code
		bankCode  string
		message   string
		transID   string
		authCode  string
		rrn       string
		wantError error // a definite answer when nil
	}{
		{sample: "approved.xml", order: "20230910AF6A", approved: true, ret: returncodes.Approved, bankCode: "00",
			transID: "23253WkfD10806", authCode: "P18552", rrn: "325300733333"},
		{sample: "declined_cvv.xml", order: "4c4", ret: returncodes.InvalidCVV, bankCode: "82",
			message: "CVV Hatasi veya girilen CVV gecersiz.", transID: "24138rt2596", rrn: "4139489"},
		{sample: "error_core2012.xml", order: "20221029B541", ret: returncodes.InvalidCard, bankCode: "CORE-2012",
			message: "Kredi karti numarasi gecerli formatta degil.", transID: "22302WcCC13836"},
		{sample: "bad_credentials.xml", order: "19127148", ret: returncodes.AuthError, bankCode: "99",
			message: "Insufficient permissions to perform requested operation."},
		{sample: "approved.xml", order: "another-order", wantError: vpos.ErrUnknownOutcome},
	}
	for _, tt := range tests {
		t.Run(tt.sample+"/"+tt.order, func(t *testing.T) {
			m := newMockBank(t, testConfig(), fixed(t, tt.sample))
			res, err := m.p.Sale(context.Background(), saleReq(tt.order))
			if tt.wantError != nil {
				if !errors.Is(err, tt.wantError) {
					t.Fatalf("got %v, %v; want an error matching %v", res, err, tt.wantError)
				}
				return
			}
			if err != nil {
				t.Fatalf("Sale: got error %v, want a Result", err)
			}
			if res.Approved != tt.approved || res.Return != tt.ret || res.BankCode != tt.bankCode || res.BankMessage != tt.message {
				t.Errorf("got Approved=%v Return=%q BankCode=%q BankMessage=%q, want %v %q %q %q",
					res.Approved, res.Return, res.BankCode, res.BankMessage, tt.approved, tt.ret, tt.bankCode, tt.message)
			}
			if res.TransactionID != tt.transID || res.AuthCode != tt.authCode || res.RRN != tt.rrn {
				t.Errorf("got TransId=%q AuthCode=%q RRN=%q, want %q %q %q", res.TransactionID, res.AuthCode, res.RRN, tt.transID, tt.authCode, tt.rrn)
			}
			if res.Amount != 10025 || res.Currency != vpos.TRY || res.MaskedPAN != "400000******0006" {
				t.Errorf("got Amount=%d Currency=%s MaskedPAN=%s, want 10025 TRY 400000******0006", res.Amount, res.Currency, res.MaskedPAN)
			}
			if len(m.requests) != 1 || !strings.Contains(m.requests[0], "<Type>Auth</Type>") {
				t.Errorf("got requests %d, want one Auth", len(m.requests))
			}
		})
	}
	t.Run("TRXDATE is Istanbul time", func(t *testing.T) {
		m := newMockBank(t, testConfig(), fixed(t, "approved.xml"))
		res, err := m.p.Sale(context.Background(), saleReq("20230910AF6A"))
		if err != nil {
			t.Fatal(err)
		}
		if want := time.Date(2023, 9, 10, 22, 36, 30, 0, vpos.Istanbul()); !res.Time.Equal(want) {
			t.Errorf("got Time %v, want %v", res.Time, want)
		}
	})
}

func TestUnusableReplies(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
	}{
		{"empty", 200, ""},
		{"html", 200, "<html><body>Bakım çalışması</body></html>"},
		{"truncated", 200, "<CC5Response><OrderId>O1</OrderId><Response>Appr"},
		{"no Response", 200, "<CC5Response><OrderId>O1</OrderId><ProcReturnCode>00</ProcReturnCode></CC5Response>"},
		{"Approved with 99", 200, "<CC5Response><OrderId>O1</OrderId><Response>Approved</Response><ProcReturnCode>99</ProcReturnCode></CC5Response>"},
		{"Approved without code", 200, "<CC5Response><OrderId>O1</OrderId><Response>Approved</Response></CC5Response>"},
		{"Declined with 00", 200, "<CC5Response><OrderId>O1</OrderId><Response>Declined</Response><ProcReturnCode>00</ProcReturnCode></CC5Response>"},
		{"unknown Response", 200, "<CC5Response><OrderId>O1</OrderId><Response>Maybe</Response><ProcReturnCode>00</ProcReturnCode></CC5Response>"},
		{"other root", 200, "<CC5Request><Response>Approved</Response><ProcReturnCode>00</ProcReturnCode></CC5Request>"},
		{"404 page", 404, "not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newMockBank(t, testConfig(), func(string) (int, []byte) { return tt.status, []byte(tt.body) })
			res, err := m.p.Sale(context.Background(), saleReq("O1"))
			if !errors.Is(err, vpos.ErrUnknownOutcome) || res != nil {
				t.Fatalf("got %+v, %v; want nil and an error matching ErrUnknownOutcome", res, err)
			}
			if strings.Contains(err.Error(), "4000009999000006") || strings.Contains(err.Error(), "ISBANK07") {
				t.Errorf("error %q carries card data or a secret", err)
			}
		})
	}
}

func TestMoneyOps(t *testing.T) {
	ctx := context.Background()
	t.Run("void approved", func(t *testing.T) {
		m := newMockBank(t, testConfig(), fixed(t, "void_approved.xml"))
		res, err := m.p.Void(ctx, &vpos.VoidRequest{OrderID: "20221030B3FF", Amount: 101, Currency: vpos.TRY})
		if err != nil || !res.Approved || res.TransactionID != "22303MzZG10851" {
			t.Fatalf("got %+v, %v; want approved 22303MzZG10851", res, err)
		}
		if want := "<Type>Void</Type><OrderId>20221030B3FF</OrderId></CC5Request>"; !strings.HasSuffix(m.requests[0], want) {
			t.Errorf("got request %q, want it to end %q", m.requests[0], want)
		}
	})
	t.Run("void refused in Latin-5", func(t *testing.T) {
		m := newMockBank(t, testConfig(), fixed(t, "void_core2008_latin5.xml"))
		res, err := m.p.Void(ctx, &vpos.VoidRequest{OrderID: "20221030B3FF"})
		if err != nil {
			t.Fatal(err)
		}
		if res.Approved || res.Return != returncodes.NotFound || res.BankCode != "CORE-2008" ||
			res.BankMessage != "İptal edilmeye uygun satış işlemi bulunamadı." {
			t.Errorf("got %+v, want NotFound CORE-2008 with the Turkish message", res)
		}
	})
	t.Run("refund with nothing left", func(t *testing.T) {
		m := newMockBank(t, testConfig(), fixed(t, "refund_net_tutar.xml"))
		res, err := m.p.Refund(ctx, &vpos.RefundRequest{OrderID: "2022103030CB", Amount: 50, Currency: vpos.TRY})
		if err != nil {
			t.Fatal(err)
		}
		if res.Approved || res.Return != returncodes.InvalidTransactionState || res.BankCode != "215021" {
			t.Errorf("got %+v, want InvalidTransactionState 215021", res)
		}
		if want := "<Type>Credit</Type><OrderId>2022103030CB</OrderId><Total>0.50</Total><Currency>949</Currency>"; !strings.Contains(m.requests[0], want) {
			t.Errorf("got request %q, want it to hold %q", m.requests[0], want)
		}
	})
	t.Run("full refund sends no Total", func(t *testing.T) {
		m := newMockBank(t, testConfig(), fixed(t, "refund_net_tutar.xml"))
		if _, err := m.p.Refund(ctx, &vpos.RefundRequest{OrderID: "2022103030CB", Currency: vpos.USD}); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(m.requests[0], "<Total>") || !strings.Contains(m.requests[0], "<Currency>840</Currency>") {
			t.Errorf("got request %q, want no Total and Currency 840", m.requests[0])
		}
	})
	t.Run("capture", func(t *testing.T) {
		m := newMockBank(t, testConfig(), fixed(t, "void_approved.xml"))
		res, err := m.p.Capture(ctx, &vpos.CaptureRequest{OrderID: "20221030B3FF", Amount: 6000, Currency: vpos.TRY})
		if err != nil || !res.Approved || res.Amount != 6000 {
			t.Fatalf("got %+v, %v; want approved 6000", res, err)
		}
		if want := "<Type>PostAuth</Type><OrderId>20221030B3FF</OrderId><Total>60.00</Total></CC5Request>"; !strings.HasSuffix(m.requests[0], want) {
			t.Errorf("got request %q, want it to end %q", m.requests[0], want)
		}
	})
	t.Run("MOTO is refused without I/O", func(t *testing.T) {
		m := newMockBank(t, testConfig(), fixed(t, "approved.xml"))
		req := saleReq("M1")
		req.MOTO = true
		if _, err := m.p.Sale(ctx, req); !errors.Is(err, vpos.ErrUnsupported) || len(m.requests) != 0 {
			t.Errorf("got %v and %d requests, want ErrUnsupported and none", err, len(m.requests))
		}
	})
}

func TestStatus(t *testing.T) {
	const order = "2024010354F1"
	tests := []struct {
		name                       string
		status, history            string
		want                       vpos.TxStatus
		ret                        returncodes.Code
		amount, captured, refunded vpos.Amount
		requests                   int
	}{
		{"sale", "status_sale.xml", "", vpos.StatusApproved, returncodes.Approved, 101, 101, 0, 1},
		{"open pre-auth", "status_preauth.xml", "", vpos.StatusApproved, returncodes.Approved, 205, 0, 0, 1},
		{"voided", "status_voided.xml", "", vpos.StatusVoided, returncodes.Approved, 101, 101, 0, 1},
		{"partially refunded", "status_refund.xml", "history_partial_refund.xml", vpos.StatusPartiallyRefunded, returncodes.Approved, 101, 101, 50, 2},
		{"not found", "status_notfound.xml", "", "", returncodes.NotFound, 0, 0, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, hist := sample(t, tt.status), []byte(nil)
			if tt.history != "" {
				hist = sample(t, tt.history)
			}
			m := newMockBank(t, testConfig(), func(req string) (int, []byte) {
				if strings.Contains(req, "<ORDERHISTORY>") {
					return 200, hist
				}
				return 200, st
			})
			res, err := m.p.Status(context.Background(), &vpos.StatusRequest{OrderID: order, Currency: vpos.TRY})
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != tt.want || res.Return != tt.ret || res.Amount != tt.amount || res.CapturedAmount != tt.captured || res.RefundedAmount != tt.refunded {
				t.Errorf("got Status=%q Return=%q Amount=%d Captured=%d Refunded=%d, want %q %q %d %d %d",
					res.Status, res.Return, res.Amount, res.CapturedAmount, res.RefundedAmount, tt.want, tt.ret, tt.amount, tt.captured, tt.refunded)
			}
			if len(m.requests) != tt.requests {
				t.Errorf("got %d requests, want %d", len(m.requests), tt.requests)
			}
			if tt.want != "" && (res.TransactionID == "" || res.MaskedPAN != "4546 71** **** 7894") {
				t.Errorf("got TransactionID=%q MaskedPAN=%q", res.TransactionID, res.MaskedPAN)
			}
		})
	}
	t.Run("fully refunded", func(t *testing.T) {
		hist := history(order, "C\tC\t101\t101\t2024-01-04 10:00:00.000\t2024-01-04 10:00:00.000\t\t400400744100\tP11111\t00\t24004AbCD10001",
			"S\tS\t101\t101\t2024-01-03 21:37:57.259\t2024-01-03 21:37:57.259\t\t400300744233\tP77974\t00\t24003Vl7F13152")
		st := sample(t, "status_refund.xml")
		m := newMockBank(t, testConfig(), func(req string) (int, []byte) {
			if strings.Contains(req, "<ORDERHISTORY>") {
				return 200, hist
			}
			return 200, st
		})
		res, err := m.p.Status(context.Background(), &vpos.StatusRequest{OrderID: order})
		if err != nil || res.Status != vpos.StatusRefunded || res.RefundedAmount != 101 {
			t.Fatalf("got %+v, %v; want refunded 101", res, err)
		}
	})
	t.Run("declined attempt", func(t *testing.T) {
		st := bytes.ReplaceAll(sample(t, "status_sale.xml"), []byte("<TRANS_STAT>C</TRANS_STAT>"), []byte("<TRANS_STAT>D</TRANS_STAT>"))
		st = bytes.ReplaceAll(st, []byte("<PROC_RET_CD>00</PROC_RET_CD>"), []byte("<PROC_RET_CD>51</PROC_RET_CD>"))
		m := newMockBank(t, testConfig(), func(string) (int, []byte) { return 200, st })
		res, err := m.p.Status(context.Background(), &vpos.StatusRequest{OrderID: order})
		if err != nil || res.Status != vpos.StatusDeclined || res.Approved || res.Return != returncodes.InsufficientFunds {
			t.Fatalf("got %+v, %v; want declined, insufficient funds", res, err)
		}
	})
}

// history builds an ORDERHISTORY reply with the records given newest first.
func history(order string, trx ...string) []byte {
	var b strings.Builder
	b.WriteString("<CC5Response><ErrMsg></ErrMsg><ProcReturnCode>00</ProcReturnCode><Response>Approved</Response><OrderId>" + order + "</OrderId><Extra>")
	for i, r := range trx {
		n := string(rune('1' + i))
		b.WriteString("<TRX" + n + ">" + r + "</TRX" + n + ">")
	}
	b.WriteString("<TRXCOUNT>" + string(rune('0'+len(trx))) + "</TRXCOUNT></Extra></CC5Response>")
	return []byte(b.String())
}

func TestHistory(t *testing.T) {
	type row struct {
		op     vpos.Op
		status vpos.TxStatus
		amount vpos.Amount
	}
	tests := []struct {
		sample string
		order  string
		want   []row
	}{
		{"history_sale.xml", "20240101A1", []row{{vpos.OpSale, vpos.StatusApproved, 101}}},
		{"history_preauth.xml", "20240101A2", []row{{vpos.OpPreAuth, vpos.StatusApproved, 205}}},
		{"history_void_failed_refund.xml", "20240102A3", []row{{vpos.OpSale, vpos.StatusVoided, 101}, {vpos.OpRefund, vpos.StatusDeclined, 100}}},
		{"history_partial_refund.xml", "2024010354F1", []row{{vpos.OpSale, vpos.StatusApproved, 101}, {vpos.OpRefund, vpos.StatusApproved, 50}}},
	}
	for _, tt := range tests {
		t.Run(tt.sample, func(t *testing.T) {
			m := newMockBank(t, testConfig(), fixed(t, tt.sample))
			rows, err := m.p.History(context.Background(), &vpos.HistoryRequest{OrderID: tt.order})
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != len(tt.want) {
				t.Fatalf("got %d rows, want %d", len(rows), len(tt.want))
			}
			for i, w := range tt.want {
				r := rows[i]
				if r.Op != w.op || r.Status != w.status || r.Amount != w.amount || r.OrderID != tt.order {
					t.Errorf("row %d: got %s %s %d %s, want %s %s %d %s", i, r.Op, r.Status, r.Amount, r.OrderID, w.op, w.status, w.amount, tt.order)
				}
			}
			if !strings.Contains(m.requests[0], "<Extra><ORDERHISTORY>QUERY</ORDERHISTORY></Extra>") {
				t.Errorf("got request %q, want an ORDERHISTORY query", m.requests[0])
			}
		})
	}
	t.Run("not found", func(t *testing.T) {
		m := newMockBank(t, testConfig(), fixed(t, "history_notfound.xml"))
		_, err := m.p.History(context.Background(), &vpos.HistoryRequest{OrderID: "2022103088D22"})
		if !errors.Is(err, vpos.ErrNotFound) {
			t.Errorf("got %v, want ErrNotFound", err)
		}
	})
	t.Run("no date range", func(t *testing.T) {
		m := newMockBank(t, testConfig(), fixed(t, "history_sale.xml"))
		_, err := m.p.History(context.Background(), &vpos.HistoryRequest{From: time.Now().Add(-time.Hour), To: time.Now()})
		if !errors.Is(err, vpos.ErrUnsupported) || len(m.requests) != 0 {
			t.Errorf("got %v and %d requests, want ErrUnsupported and none", err, len(m.requests))
		}
	})
}

func TestConfigValidate(t *testing.T) {
	ok := testConfig()
	tests := []struct {
		field string
		edit  func(*Config)
	}{
		{"", func(*Config) {}},
		{"Config.ClientID", func(c *Config) { c.ClientID = "" }},
		{"Config.ClientID", func(c *Config) { c.ClientID = "12 34" }},
		{"Config.User", func(c *Config) { c.User = " " }},
		{"Config.Password", func(c *Config) { c.Password = "" }},
		{"Config.StoreKey", func(c *Config) { c.StoreKey = "" }},
		{"Config.Endpoint.API", func(c *Config) { c.Endpoint.API = "" }},
		{"Config.Endpoint.API", func(c *Config) { c.Endpoint.API = "ftp://x/fim/api" }},
		{"Config.Endpoint.Gate3D", func(c *Config) { c.Endpoint.Gate3D = "/fim/est3Dgate" }},
		{"Config.Endpoint.HostedGate3D", func(c *Config) { c.Endpoint.HostedGate3D = "nope" }},
		{"Config.HashVersion", func(c *Config) { c.HashVersion = "ver2" }},
		{"", func(c *Config) { c.HashVersion = "VER1" }},
		{"Config.Lang", func(c *Config) { c.Lang = "de" }},
		{"Config.StoreType", func(c *Config) { c.StoreType = "3d_plus" }},
		{"Config.Models", func(c *Config) { c.Models = []threed.Model{"x"} }},
		{"Config.StoreType", func(c *Config) { c.StoreType = "3d_pay"; c.Models = []threed.Model{"3d"} }},
		{"Config.Currencies", func(c *Config) { c.Currencies = []vpos.Currency{"XXX"} }},
	}
	for _, tt := range tests {
		c := ok
		tt.edit(&c)
		err := c.Validate()
		var ve *vpos.Error
		switch {
		case tt.field == "" && err != nil:
			t.Errorf("Validate(%v): got %v, want nil", c, err)
		case tt.field != "" && (!errors.As(err, &ve) || ve.Field != tt.field || !errors.Is(err, vpos.ErrInvalidRequest)):
			t.Errorf("Validate: got %v, want InvalidRequest naming %s", err, tt.field)
		}
		if err != nil && (strings.Contains(err.Error(), c.Password) && c.Password != "" || strings.Contains(err.Error(), "TRPS0200")) {
			t.Errorf("Validate error %q echoes a secret", err)
		}
	}
	if _, err := Open(Config{}, nil); !errors.Is(err, vpos.ErrInvalidRequest) {
		t.Errorf("Open(Config{}): got %v, want ErrInvalidRequest", err)
	}
}

func TestConfigRedacts(t *testing.T) {
	c := testConfig()
	for _, s := range []string{c.String(), c.GoString(), fmtAll(c)} {
		if strings.Contains(s, c.Password) || strings.Contains(s, c.StoreKey) {
			t.Errorf("got %q, want the password and store key masked", s)
		}
	}
}

func TestEndpoints(t *testing.T) {
	seen := map[string]bool{}
	for _, e := range Endpoints() {
		key := e.Bank + map[bool]string{true: " test", false: " prod"}[e.Test]
		if seen[key] {
			t.Errorf("endpoint %s listed twice", key)
		}
		seen[key] = true
		c := testConfig()
		c.Endpoint = e
		if err := c.Validate(); err != nil {
			t.Errorf("%s: %v", key, err)
		}
		if !strings.HasSuffix(e.API, "/fim/api") || !strings.HasSuffix(e.Gate3D, "/fim/est3Dgate") {
			t.Errorf("%s: got %s %s, want the /fim paths", key, e.API, e.Gate3D)
		}
	}
	for _, bank := range []string{"akbank", "isbank", "halkbank", "ziraat", "teb", "sekerbank", "qnbfinansbank",
		"anadolubank", "ing", "alternatifbank", "turkiyefinans", "cardplus"} {
		for _, test := range []bool{true, false} {
			if _, ok := EndpointFor(bank, test); !ok {
				t.Errorf("EndpointFor(%q, %v): not found", bank, test)
			}
		}
	}
	if e, _ := EndpointFor("Ziraat", true); e != ZiraatTest || e.API != "https://torus-stage-ziraat.asseco-see.com.tr/fim/api" {
		t.Errorf("EndpointFor(Ziraat, test) = %+v", e)
	}
	if AkbankProd.gate(true) != "https://sanalpos.sanalakpos.com.tr/fim/est3Dgate" || AkbankProd.gate(false) != "https://www.sanalakpos.com/fim/est3Dgate" {
		t.Errorf("Akbank gates: %+v", AkbankProd)
	}
}

func fmtAll(c Config) string { return fmt.Sprintf("%v %+v %#v %s %q", c, c, c, c, c) }
