package posnet

import (
	"flag"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sanalpos/vpos"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// testProvider is a Provider with posnet.md §6.4's account.
func testProvider(t testing.TB) *Provider {
	t.Helper()
	p, err := New(Config{MerchantID: exMID, TerminalID: exTID, PosnetID: "27426", EncKey: exEncKey, Endpoint: TestEndpoint}, nil)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return p
}

// xmlOf decodes an encoded request body back to its XML document.
func xmlOf(t testing.TB, body []byte) string {
	t.Helper()
	v, err := url.ParseQuery(string(body))
	if err != nil || len(v) != 1 {
		t.Fatalf("body is not the single field xmldata: %q", body)
	}
	return v.Get("xmldata")
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if got != string(want) {
		t.Errorf("%s:\ngot  %s\nwant %s", name, got, want)
	}
}

func TestRequestGolden(t *testing.T) {
	p := testProvider(t)
	sale := &vpos.SaleRequest{OrderID: "190620093100_024", Amount: 175, Currency: vpos.TRY,
		Card: vpos.Card{Number: "5555444433332222", ExpMonth: 12, ExpYear: 2021, CVV: "122"}}
	three := &vpos.ThreeDRequest{OrderID: "2020110828BC", Amount: 10001, Currency: vpos.TRY, Installments: 3,
		Card: vpos.Card{Number: "4048095010857528", ExpMonth: 5, ExpYear: 2028, CVV: "454", Holder: "Çağrı Öztürk"}}
	for _, tc := range []struct {
		name string
		r    *request
	}{
		{"sale.xml", chargeRequest("sale", sale)},
		{"auth.xml", chargeRequest("auth", sale)},
		{"capt.xml", captRequest("1", "0000000002P0806031", 150, vpos.TRY, 0)},
		{"reverse.xml", reverseRequest("1", "sale", "0000000002P0806031")},
		{"return.xml", returnRequest("1", 50, vpos.USD, "hostLogKey", "0000000002P0806031")},
		{"agreement.xml", agreementRequest("10", "TDSC"+xid("10"))},
		{"oosRequestData.xml", p.oosRequest(three)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body, err := p.encode(tc.r)
			if err != nil {
				t.Fatal(err)
			}
			golden(t, tc.name, xmlOf(t, body))
		})
	}
}

func TestSaleRequestMatchesReference(t *testing.T) {
	// posnet.md §4's sample, with the orderID padded to 24 (§3.1).
	p := testProvider(t)
	body, err := p.encode(chargeRequest("sale", &vpos.SaleRequest{OrderID: "190620093100_024", Amount: 175, Currency: vpos.TRY,
		Card: vpos.Card{Number: "5555444433332222", ExpMonth: 12, ExpYear: 2021, CVV: "122"}}))
	if err != nil {
		t.Fatal(err)
	}
	got := xmlOf(t, body)
	want := `<posnetRequest><mid>6706598320</mid><tid>67005551</tid><tranDateRequired>1</tranDateRequired>` +
		`<sale><orderID>00000000190620093100_024</orderID><installment>00</installment><amount>175</amount>` +
		`<currencyCode>TL</currencyCode><ccno>5555444433332222</ccno><expDate>2112</expDate><cvc>122</cvc></sale></posnetRequest>`
	if !strings.HasPrefix(got, `<?xml version="1.0" encoding="ISO-8859-9"?>`) || !strings.Contains(got, want) {
		t.Errorf("sale request = %s\nwant it to contain %s", got, want)
	}
}

func TestFormats(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{installment(0), "00"}, {installment(1), "00"}, {installment(2), "02"}, {installment(12), "12"},
		{orderID("10"), "000000000000000000000010"}, {xid("10"), "00000000000000000010"},
		{unpad("000000002020110828BC"), "2020110828BC"},
		{currencyCode(vpos.TRY), "TL"}, {currencyCode(vpos.USD), "US"}, {currencyCode(vpos.EUR), "EU"},
		{expDate(vpos.Card{ExpMonth: 1, ExpYear: 2022}), "2201"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
	for _, tc := range []struct {
		id   string
		max  int
		want bool
	}{
		{"ORDER_1", 20, true}, {"0RDER", 20, false}, {"ORDER-1", 20, false},
		{strings.Repeat("A", 20), 20, true}, {strings.Repeat("A", 21), 20, false}, {strings.Repeat("A", 24), 24, true},
	} {
		if err := checkOrderID(vpos.OpSale, tc.id, tc.max); (err == nil) != tc.want {
			t.Errorf("checkOrderID(%q, %d) = %v, want ok=%v", tc.id, tc.max, err, tc.want)
		}
	}
}

func TestTurkishAmount(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want vpos.Amount
		ok   bool
	}{
		{"1,16", 116, true}, {"1.250,00", 125000, true}, {"0,10", 10, true}, {"150,75", 15075, true},
		{"12.50", 1250, true}, {"1.250", 125000, true}, {"15", 1500, true}, {"", 0, false}, {"x", 0, false},
	} {
		got, ok := turkishAmount(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("turkishAmount(%q) = %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestConfigValidate(t *testing.T) {
	good := Config{MerchantID: exMID, TerminalID: exTID, PosnetID: "27426", EncKey: exEncKey, Endpoint: TestEndpoint}
	if err := good.Validate(); err != nil {
		t.Fatalf("Validate(good) = %v", err)
	}
	for field, edit := range map[string]func(*Config){
		"Config.MerchantID":      func(c *Config) { c.MerchantID = "" },
		"Config.TerminalID":      func(c *Config) { c.TerminalID = "123456789" },
		"Config.PosnetID":        func(c *Config) { c.PosnetID = "x" },
		"Config.EncKey":          func(c *Config) { c.EncKey = "" },
		"Config.Endpoint.API":    func(c *Config) { c.Endpoint.API = "ftp://x" },
		"Config.Endpoint.Gate3D": func(c *Config) { c.Endpoint.Gate3D = "" },
		"Config.Lang":            func(c *Config) { c.Lang = "de" },
		"Config.ThreeDPrefix":    func(c *Config) { c.ThreeDPrefix = "TDS" },
		"Config.Currencies":      func(c *Config) { c.Currencies = []vpos.Currency{"CHF"} },
	} {
		c := good
		edit(&c)
		err := c.Validate()
		var ve *vpos.Error
		if err == nil || !asErr(err, &ve) || ve.Field != field {
			t.Errorf("Validate with bad %s = %v", field, err)
		}
	}
	for _, s := range []string{good.String(), good.GoString()} {
		if strings.Contains(s, exEncKey) {
			t.Errorf("Config string leaks the EncKey: %s", s)
		}
	}
}
