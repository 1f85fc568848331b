package nestpay

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/internal/xmlx"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/requests")

// golden compares got with testdata/requests/name (ISO-8859-9 bytes, as
// sent), rewriting it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "requests", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("request %s:\ngot  %q\nwant %q", name, got, want)
	}
	// Every request is a well-formed document in the charset it declares.
	if _, err := xmlx.Decode(got); err != nil {
		t.Errorf("request %s does not parse: %v", name, err)
	}
}

func TestRequestGolden(t *testing.T) {
	cfg := testConfig()
	sale := saleReq("SİPARİŞ-1")
	sale.OrderID = "ORDER-1"
	sale.Installments = 3
	tests := []struct {
		name  string
		build func() ([]byte, error)
	}{
		{"auth.xml", func() ([]byte, error) { return buildCharge(&cfg, typeAuth, sale) }},
		{"preauth_single.xml", func() ([]byte, error) {
			r := *sale
			r.Installments, r.Currency, r.Amount, r.CustomerName = 1, vpos.EUR, 100, "Şükrü & <Ortakları>"
			return buildCharge(&cfg, typePreAuth, &r)
		}},
		{"auth_jpy.xml", func() ([]byte, error) {
			r := *sale
			r.Installments, r.Currency, r.Amount, r.CustomerEmail, r.CustomerName = 0, vpos.JPY, 1000, "", ""
			return buildCharge(&cfg, typeAuth, &r)
		}},
		{"postauth_partial.xml", func() ([]byte, error) {
			return buildPostAuth(&cfg, &vpos.CaptureRequest{OrderID: "ORDER-1", Amount: 6000, Currency: vpos.TRY})
		}},
		{"postauth_full.xml", func() ([]byte, error) { return buildPostAuth(&cfg, &vpos.CaptureRequest{OrderID: "ORDER-1"}) }},
		{"void.xml", func() ([]byte, error) { return buildVoid(&cfg, &vpos.VoidRequest{OrderID: "ORDER-1"}) }},
		{"credit_partial.xml", func() ([]byte, error) {
			return buildCredit(&cfg, &vpos.RefundRequest{OrderID: "ORDER-1", Amount: 2550, Currency: vpos.TRY})
		}},
		{"credit_full.xml", func() ([]byte, error) {
			return buildCredit(&cfg, &vpos.RefundRequest{OrderID: "ORDER-1", Currency: vpos.TRY})
		}},
		{"orderstatus.xml", func() ([]byte, error) { return buildQuery(&cfg, "ORDER-1", "ORDERSTATUS") }},
		{"orderhistory.xml", func() ([]byte, error) { return buildQuery(&cfg, "ORDER-1", "ORDERHISTORY") }},
		{"provision_3d.xml", func() ([]byte, error) {
			return buildProvision(&cfg, &provision3D{typ: typeAuth, orderID: "ORDER-1", ip: "192.0.2.10", email: "gülşen@örnek.com.tr",
				amount: 15075, currency: vpos.TRY, installments: 6,
				md: "435508:72240E12A6CE:3894:##700655000200", xid: "rIpI0Jrjzra7OF6UyD4pQZVyxpw=",
				eci: "05", cavv: "ABABBCgghAAAAABllJMDdZdTdic="})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.build()
			if err != nil {
				t.Fatal(err)
			}
			golden(t, tt.name, got)
		})
	}
}

// TestRequestSerializerSample checks the Auth request against the
// serialized example of nestpay.md §4 (mewebstudio/pos
// EstPosSerializerTest).
func TestRequestSerializerSample(t *testing.T) {
	cfg := Config{ClientID: "700655000200", User: "ISBANKAPI", Password: "ISBANK07"}
	req := &vpos.SaleRequest{
		OrderID: "order222", Amount: 10025, Currency: vpos.TRY, CustomerEmail: "test@test.com",
		Card: vpos.Card{Number: "5555444433332222", ExpMonth: 12, ExpYear: 2021, CVV: "122"},
	}
	got, err := buildCharge(&cfg, typeAuth, req)
	if err != nil {
		t.Fatal(err)
	}
	want := xmlProlog + `<CC5Request><Name>ISBANKAPI</Name><Password>ISBANK07</Password><ClientId>700655000200</ClientId><Type>Auth</Type><IPAddress></IPAddress><Email>test@test.com</Email><OrderId>order222</OrderId><UserId></UserId><Total>100.25</Total><Currency>949</Currency><Taksit></Taksit><Number>5555444433332222</Number><Expires>12/21</Expires><Cvv2Val>122</Cvv2Val><Mode>P</Mode></CC5Request>`
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestRequestCharset(t *testing.T) {
	cfg := testConfig()
	req := saleReq("ORDER-2")
	req.CustomerName = "Ağaoğlu İnşaat — €"
	got, err := buildCharge(&cfg, typeAuth, req)
	if err != nil {
		t.Fatal(err)
	}
	latin, _ := charmap.ISO8859_9.NewEncoder().String("Ağaoğlu İnşaat ")
	if !bytes.Contains(got, []byte(latin+"&#x2014; &#x20AC;")) {
		t.Errorf("got %q, want Latin-5 letters and character references for the rest", got)
	}
	doc, err := xmlx.Decode(got)
	if err != nil {
		t.Fatal(err)
	}
	if name := xmlx.Text(doc.Root(), "BillTo/Name"); name != req.CustomerName {
		t.Errorf("decoded BillTo/Name = %q, want %q", name, req.CustomerName)
	}
	if email := xmlx.Text(doc.Root(), "Email"); email != "ayşe.yılmaz@örnek.com.tr" {
		t.Errorf("decoded Email = %q", email)
	}
	for _, bad := range []string{"a\x00b", "a\xffb", "\x1b[0m"} {
		req.CustomerName = bad
		if _, err := buildCharge(&cfg, typeAuth, req); err == nil || strings.Contains(err.Error(), bad) {
			t.Errorf("name %q: got error %v, want one that does not echo the value", bad, err)
		}
	}
}
