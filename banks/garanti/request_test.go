package garanti

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/threed"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// vecConfig is the public test terminal of garanti.md §8 / §9.
func vecConfig() Config {
	return Config{
		MerchantID: "7000679", TerminalID: vecTerminal,
		ProvPassword: vecPassword, RefundPassword: vecPassword, StoreKey: vecStoreKey,
		Endpoint: TestEndpoint,
	}
}

func newTestProvider(t testing.TB, cfg Config) *Provider {
	t.Helper()
	p, err := New(cfg, nil)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return p
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs:\ngot  %s\nwant %s", name, got, want)
	}
}

// TestSerializerExample builds garanti.md §3's serialized example (MEWS
// serializer test, legacy version string) byte for byte.
func TestSerializerExample(t *testing.T) {
	cfg := vecConfig()
	cfg.HashVersion = HashLegacy
	p := newTestProvider(t, cfg)
	req := &vpos.SaleRequest{
		OrderID: "order222", Amount: 10025, Currency: vpos.TRY, CustomerEmail: "test@test.com",
		Card: vpos.Card{Number: "5555444433332222", ExpMonth: 12, ExpYear: 2021, CVV: "122"},
	}
	body, err := p.encode(chargeRequest("sales", req))
	if err != nil {
		t.Fatal(err)
	}
	const decl = `<?xml version="1.0" encoding="UTF-8"?>`
	const want = `<GVPSRequest><Mode>TEST</Mode><Version>v0.01</Version><Terminal><ProvUserID>PROVAUT</ProvUserID><UserID>PROVAUT</UserID><HashData>3732634F78053D42304B0966E263629FE44E258B</HashData><ID>30691298</ID><MerchantID>7000679</MerchantID></Terminal><Customer><IPAddress></IPAddress><EmailAddress>test@test.com</EmailAddress></Customer><Card><Number>5555444433332222</Number><ExpireDate>1221</ExpireDate><CVV2>122</CVV2></Card><Order><OrderID>order222</OrderID></Order><Transaction><Type>sales</Type><InstallmentCnt></InstallmentCnt><Amount>10025</Amount><CurrencyCode>949</CurrencyCode><CardholderPresentCode>0</CardholderPresentCode><MotoInd>N</MotoInd></Transaction></GVPSRequest>`
	if got := string(body); got != decl+want {
		t.Errorf("got  %s\nwant %s", got, decl+want)
	}
}

// TestRequestGolden pins every request the adapter writes (testdata/*.xml).
func TestRequestGolden(t *testing.T) {
	p := newTestProvider(t, vecConfig())
	card := vpos.Card{Number: "4282209004348015", ExpMonth: 8, ExpYear: 2030, CVV: "123"}
	sale := &vpos.SaleRequest{OrderID: "ORDER-1", Amount: 10025, Currency: vpos.TRY, Card: card,
		CustomerIP: "192.0.2.10", CustomerEmail: "ayse@example.com.tr"}
	inst := *sale
	inst.Installments, inst.Currency, inst.Description = 6, vpos.USD, "Sipariş 1"
	moto := *sale
	moto.MOTO, moto.Card.CVV = true, ""
	istanbul := vpos.Istanbul()
	from := time.Date(2024, 1, 6, 0, 0, 0, 0, istanbul)
	pending := &vpos.Pending3D{OrderID: "ORDER-3D", Amount: 15075, Currency: vpos.TRY, Installments: 3, Model: threed.Model3D}
	cb := map[string][]string{
		"customeripaddress": {"192.0.2.10"}, "customeremailaddress": {"ayse@example.com.tr"},
		"cavv": {"xgRlQDz4AAAAAAAAAAAAAAAAAAA="}, "eci": {"02"}, "xid": {"9df81889-86f6-42bf-9129-8189d30e6fef"}, "md": {"aW5kZXg6MDIY"},
	}
	preauth3D := *pending
	preauth3D.PreAuth, preauth3D.Installments = true, 0
	tests := []struct {
		name string
		r    *request
	}{
		{"sales.xml", chargeRequest("sales", sale)},
		{"sales_installments_usd.xml", chargeRequest("sales", &inst)},
		{"sales_moto.xml", chargeRequest("sales", &moto)},
		{"preauth.xml", chargeRequest("preauth", sale)},
		{"postauth.xml", postAuthRequest("ORDER-1", 6000, vpos.TRY, "230508300434")},
		{"void.xml", voidRequest("ORDER-1", vpos.TRY, "230508300434")},
		{"refund.xml", refundRequest("ORDER-1", 3000, vpos.TRY, "230508300434")},
		{"orderinq.xml", inquiryRequest("orderinq", "ORDER-1", vpos.TRY)},
		{"orderhistoryinq.xml", inquiryRequest("orderhistoryinq", "ORDER-1", vpos.TRY)},
		{"orderlistinq.xml", listRequest(from, from.AddDate(0, 0, 1), 2)},
		{"provision_3d.xml", provisionRequest(pending, cb)},
		{"provision_3d_preauth.xml", provisionRequest(&preauth3D, cb)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, err := p.encode(tt.r)
			if err != nil {
				t.Fatal(err)
			}
			golden(t, tt.name, body)
		})
	}
}

// TestRequestUsers checks which user signs which request: PROVRFN and its
// password for void and refund, PROVAUT for everything else.
func TestRequestUsers(t *testing.T) {
	cfg := vecConfig()
	cfg.RefundPassword = "another-refund-password"
	p := newTestProvider(t, cfg)
	tests := []struct {
		r      *request
		user   string
		secret string
	}{
		{voidRequest("O1", vpos.TRY, "1"), "PROVRFN", cfg.RefundPassword},
		{refundRequest("O1", 5, vpos.TRY, "1"), "PROVRFN", cfg.RefundPassword},
		{postAuthRequest("O1", 5, vpos.TRY, "1"), "PROVAUT", cfg.ProvPassword},
		{inquiryRequest("orderinq", "O1", vpos.TRY), "PROVAUT", cfg.ProvPassword},
	}
	for _, tt := range tests {
		body, err := p.encode(tt.r)
		if err != nil {
			t.Fatal(err)
		}
		s := string(body)
		if !strings.Contains(s, "<ProvUserID>"+tt.user+"</ProvUserID><UserID>"+tt.user+"</UserID>") {
			t.Errorf("%s: user is not %s: %s", tt.r.Type, tt.user, s)
		}
		want := hashData(false, tt.r.OrderID, cfg.TerminalID, "", tt.r.Amount, tt.r.Currency, securityData(tt.secret, cfg.TerminalID))
		if !strings.Contains(s, "<HashData>"+want+"</HashData>") {
			t.Errorf("%s: HashData is not signed with the %s password", tt.r.Type, tt.user)
		}
		if strings.Contains(s, tt.secret) {
			t.Errorf("%s: the password is in the request", tt.r.Type)
		}
	}
}

// TestBegin3DForm pins the 3-D Secure form (testdata/form_*.txt) and checks
// its secure3dhash against the formula.
func TestBegin3DForm(t *testing.T) {
	card := vpos.Card{Number: "4282209004348015", ExpMonth: 8, ExpYear: 2030, CVV: "123"}
	for _, tt := range []struct {
		name   string
		legacy bool
		model  threed.Model
		pre    bool
		inst   int
	}{
		{"form_3d.txt", false, threed.Model3D, false, 0},
		{"form_3d_pay_preauth.txt", false, threed.Model3DPay, true, 3},
		{"form_3d_legacy.txt", true, threed.Model3D, false, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg := vecConfig()
			if tt.legacy {
				cfg.HashVersion = HashLegacy
			}
			p := newTestProvider(t, cfg)
			form, err := p.Begin3D(context.Background(), &vpos.ThreeDRequest{
				OrderID: "order222", Amount: 10025, Currency: vpos.TRY, Installments: tt.inst, Model: tt.model, Card: card,
				PreAuth: tt.pre, OkURL: "https://domain.com/success", FailURL: "https://domain.com/fail_url",
				CustomerIP: "192.0.2.10", CustomerEmail: "ayse@example.com.tr",
			})
			if err != nil {
				t.Fatal(err)
			}
			if form.Action != TestEndpoint.Gate3D || form.Method != "POST" {
				t.Errorf("form goes to %s %s, want POST %s", form.Method, form.Action, TestEndpoint.Gate3D)
			}
			if got, want := form.Fields.Get("secure3dhash"), secure3DHash(tt.legacy, form.Fields, vecStoreKey, vecSecData); got != want {
				t.Errorf("secure3dhash = %s, want %s", got, want)
			}
			keys := make([]string, 0, len(form.Fields))
			for k := range form.Fields {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			var b strings.Builder
			for _, k := range keys {
				b.WriteString(k + "=" + form.Fields.Get(k) + "\n")
			}
			golden(t, tt.name, []byte(b.String()))
		})
	}
	// §9.2 and §9.5 through Begin3D itself.
	for _, legacy := range []bool{false, true} {
		cfg := vecConfig()
		want := "372D6CB20B2B699D0A6667DFF46E3AA8CF3F9D8C2BB69A7C411895151FFCFAAB5277CCFE3B3A06035FEEFBFBFD40C79DBE51DBF867D0A24B37335A28F0CEFDE2"
		if legacy {
			cfg.HashVersion, want = HashLegacy, "1D319D5EA945F5730FF5BCC970FF96690993F4BD"
		}
		form, err := newTestProvider(t, cfg).Begin3D(context.Background(), &vpos.ThreeDRequest{
			OrderID: "order222", Amount: 10025, Currency: vpos.TRY, Card: card,
			OkURL: "https://domain.com/success", FailURL: "https://domain.com/fail_url", CustomerIP: "192.0.2.10",
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := form.Fields.Get("secure3dhash"); got != want {
			t.Errorf("legacy=%v: Begin3D secure3dhash = %s, want the worked example %s", legacy, got, want)
		}
	}
}
