package banks

import (
	"slices"
	"strings"
	"testing"

	"github.com/sanalpos/vpos/banks/garanti"
	"github.com/sanalpos/vpos/banks/nestpay"
)

func TestLookup(t *testing.T) {
	tests := []struct {
		in   string
		want string // "" means not found
	}{
		{"isbank", "isbank"},
		{"İşbank", "isbank"},
		{"ISBANK", "isbank"},
		{"İŞBANK", "isbank"},
		{"iş bankası", "isbank"},
		{"Türkiye İş Bankası", "isbank"},
		{" Garanti BBVA ", "garanti"},
		{"garanti", "garanti"},
		{"YKB", "yapikredi"},
		{"Yapı Kredi", "yapikredi"},
		{"yapi-kredi", "yapikredi"},
		{"QNB", "qnbfinansbank"},
		{"Ziraat", "ziraat"},
		{"Ziraat Bankası", "ziraat"},
		{"ziraat katılım", "ziraatkatilim"},
		{"VakıfBank", "vakifbank"},
		{"VAKIF KATILIM", "vakifkatilim"},
		{"Kuveyt Türk", "kuveytturk"},
		{"Şekerbank", "sekerbank"},
		{"sekerbank", "sekerbank"},
		{"Türkiye Finans", "turkiyefinans"},
		{"Albaraka Türk", "albaraka"},
		{"AkÖde", "tosla"},
		{"TEB", "teb"},
		{"ING Bank", "ing"},
		{"", ""},
		{"   ", ""},
		{"foobank", ""},
	}
	for _, tt := range tests {
		b, ok := Lookup(tt.in)
		if got := b.Name; ok != (tt.want != "") || got != tt.want {
			t.Errorf("Lookup(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Türkiye İş Bankası", "turkiyeisbankasi"},
		{"ŞEKERBANK", "sekerbank"},
		{"Çağrı Öğün", "cagriogun"},
		{"a.b-c_d e", "abcde"},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// The banks the issue and ../shared/docs/banks/README.md name.
var wantBanks = map[string]string{
	"akbank": "nestpay", "alternatifbank": "nestpay", "anadolubank": "nestpay", "cardplus": "nestpay",
	"denizbank": "interpos", "enpara": "payfor", "garanti": "garanti", "halkbank": "nestpay", "ing": "nestpay",
	"isbank": "nestpay", "qnbfinansbank": "payfor", "sekerbank": "nestpay", "teb": "nestpay",
	"turkiyefinans": "nestpay", "vakifbank": "payflex", "yapikredi": "posnet", "ziraat": "nestpay",
	"ziraatkatilim": "payfor", "kuveytturk": "kuveyt", "vakifkatilim": "kuveyt", "albaraka": "posnetv1",
	"tosla": "tosla", "param": "param",
}

func TestDirectoryCoversEveryBank(t *testing.T) {
	all := All()
	if len(all) != len(wantBanks) {
		t.Errorf("All() has %d banks, want %d", len(all), len(wantBanks))
	}
	for name, proto := range wantBanks {
		b, ok := Lookup(name)
		if !ok {
			t.Errorf("Lookup(%q) failed", name)
			continue
		}
		if got := b.Protocol(); got != proto {
			t.Errorf("%s: default protocol %q, want %q", name, got, proto)
		}
	}
	if !slices.IsSortedFunc(all, func(a, b Bank) int { return cmpString(a.Name, b.Name) }) {
		t.Error("All() is not sorted by Name")
	}
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func TestDirectoryConsistent(t *testing.T) {
	keys := map[string]string{} // normalised name or alias -> bank
	secret := map[string]bool{}
	public := map[string]bool{}
	for _, b := range All() {
		if b.Name != Normalize(b.Name) {
			t.Errorf("%s: Name is not in normal form", b.Name)
		}
		for _, n := range append([]string{b.Name, b.DisplayName}, b.Aliases...) {
			k := Normalize(n)
			if other, ok := keys[k]; ok && other != b.Name {
				t.Errorf("%q names both %s and %s", n, other, b.Name)
			}
			keys[k] = b.Name
		}
		if len(b.Services) == 0 {
			t.Errorf("%s has no service", b.Name)
			continue
		}
		protos := map[string]bool{}
		for _, s := range b.Services {
			if protos[s.Protocol] {
				t.Errorf("%s: protocol %s listed twice", b.Name, s.Protocol)
			}
			protos[s.Protocol] = true
			if _, ok := adapters[s.Protocol]; ok != s.Supported {
				t.Errorf("%s/%s: Supported = %v, but the adapter exists = %v", b.Name, s.Protocol, s.Supported, ok)
			}
			if len(s.Modes) == 0 || len(s.Credentials) == 0 || len(s.URLs) == 0 {
				t.Errorf("%s/%s: modes, credentials and URL roles must be listed", b.Name, s.Protocol)
			}
			names := map[string]bool{}
			for _, f := range append(append([]Field{}, s.Credentials...), s.Settings...) {
				if names[f.Name] {
					t.Errorf("%s/%s: field %s listed twice", b.Name, s.Protocol, f.Name)
				}
				names[f.Name] = true
				if f.Description == "" {
					t.Errorf("%s/%s: field %s has no description", b.Name, s.Protocol, f.Name)
				}
			}
			for _, f := range s.Credentials {
				if f.Secret {
					secret[f.Name] = true
				} else {
					public[f.Name] = true
				}
			}
			for _, e := range []Environment{s.Test, s.Production} {
				for role, u := range e.URLs {
					if _, ok := findField(s.URLs, role); !ok {
						t.Errorf("%s/%s %s: URL role %q is not declared", b.Name, s.Protocol, e.Name, role)
					}
					if !absoluteHTTPURL(u) {
						t.Errorf("%s/%s %s: %s URL %q is not absolute", b.Name, s.Protocol, e.Name, role, u)
					}
				}
			}
			if !s.Supported {
				continue
			}
			if s.Test.Endpoint == nil && s.Production.Endpoint == nil && len(s.Test.URLs) == 0 && len(s.Production.URLs) == 0 {
				// No published host (Enpara's PayFor): definitions give
				// explicit urls, and the note says so.
				if !strings.Contains(s.Note, "explicit urls") {
					t.Errorf("%s/%s: no predefined environment, and the note does not ask for explicit urls", b.Name, s.Protocol)
				}
				continue
			}
			if s.Test.Endpoint == nil || s.Production.Endpoint == nil {
				t.Errorf("%s/%s: supported, but an environment has no protocol Endpoint", b.Name, s.Protocol)
			}
			for _, e := range []Environment{s.Test, s.Production} {
				for _, f := range s.URLs {
					if !f.Optional && e.URLs[f.Name] == "" {
						t.Errorf("%s/%s %s: required URL %s missing", b.Name, s.Protocol, e.Name, f.Name)
					}
				}
			}
		}
	}
	for n := range secret {
		if public[n] {
			t.Errorf("credential %q is secret in one protocol and public in another", n)
		}
	}
}

func TestDirectoryEndpointsAreTheProtocolValues(t *testing.T) {
	b, _ := Lookup("isbank")
	s, _ := b.Service("")
	if got, ok := s.Test.Endpoint.(nestpay.Endpoint); !ok || got != nestpay.IsbankTest {
		t.Errorf("isbank test endpoint = %#v, want nestpay.IsbankTest", s.Test.Endpoint)
	}
	if got, ok := s.Production.Endpoint.(nestpay.Endpoint); !ok || got != nestpay.IsbankProd {
		t.Errorf("isbank production endpoint = %#v, want nestpay.IsbankProd", s.Production.Endpoint)
	}
	g, _ := Lookup("garanti")
	if got, ok := g.Services[0].Production.Endpoint.(garanti.Endpoint); !ok || got != garanti.ProductionEndpoint {
		t.Errorf("garanti production endpoint = %#v, want garanti.ProductionEndpoint", g.Services[0].Production.Endpoint)
	}
	// Changing what All returns changes nothing in the directory.
	s.Test.URLs["api"] = "https://example.invalid/"
	b.Services[0].Modes[0] = "changed"
	again, _ := Lookup("isbank")
	if again.Services[0].Test.URLs["api"] != nestpay.IsbankTest.API || again.Services[0].Modes[0] != ModeRegular {
		t.Error("the directory changed through a returned Bank")
	}
	v, _ := Lookup("vakifbank")
	v.Services[0].Test.URLs["api"] = "https://example.invalid/"
	if again, _ := Lookup("vakifbank"); again.Services[0].Test.URLs["api"] == "https://example.invalid/" {
		t.Error("the directory's host table changed through a returned Bank")
	}
}

func TestBankService(t *testing.T) {
	b, _ := Lookup("akbank")
	if s, ok := b.Service(""); !ok || s.Protocol != ProtocolNestPay {
		t.Errorf("akbank default service = %q, want nestpay", s.Protocol)
	}
	if s, ok := b.Service("AKBANK"); !ok || s.Protocol != ProtocolAkbank || s.Supported {
		t.Errorf("akbank service akbank = %q supported %v, want the unsupported JSON API", s.Protocol, s.Supported)
	}
	if _, ok := b.Service("garanti"); ok {
		t.Error("akbank offers garanti")
	}
	if got := b.Protocols(); !slices.Equal(got, []string{"nestpay", "akbank"}) {
		t.Errorf("Protocols() = %v", got)
	}
	if got := b.String(); got != "Akbank (akbank)" {
		t.Errorf("String() = %q", got)
	}
}

func TestParseMode(t *testing.T) {
	tests := []struct {
		in   string
		want Mode
		ok   bool
	}{
		{"regular", ModeRegular, true},
		{" REGULAR ", ModeRegular, true},
		{"3d", Mode3D, true},
		{"3D_PAY", Mode3DPay, true},
		{"3d-host", Mode3DHost, true},
		{"3d_pay_hosting", Mode3DPayHosting, true},
		{"", "", false},
		{"4d", "", false},
	}
	for _, tt := range tests {
		got, err := ParseMode(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("ParseMode(%q) = %q, %v; want %q, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
	if ModeRegular.Model() != "" || Mode3DPay.Model() != "3d_pay" {
		t.Error("Mode.Model is wrong")
	}
}
