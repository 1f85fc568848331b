package garanti

import (
	"errors"
	"net/url"
	"testing"

	"github.com/sanalpos/vpos"
)

// The worked examples of garanti.md §9: terminal 30691298, store key
// 12345678, password 123qweASD/ (the PROVRFN password of the fixture is the
// same).
const (
	vecTerminal = "30691298"
	vecStoreKey = "12345678"
	vecPassword = "123qweASD/"
	vecSecData  = "1639636D00AB5EF0B3CE073BB222BFAAC2C2C38D"
)

func TestSecurityData(t *testing.T) {
	tests := []struct {
		password, terminal, want string
	}{
		{vecPassword, vecTerminal, vecSecData}, // §9.1
		{vecPassword, "030691298", vecSecData}, // already padded
		{vecPassword, "0030691298", ""},        // 10 digits: not padded, different
	}
	for _, tt := range tests {
		got := securityData(tt.password, tt.terminal)
		if tt.want == "" {
			if got == vecSecData {
				t.Errorf("securityData(%q) = the 9-digit value, want a different one", tt.terminal)
			}
			continue
		}
		if got != tt.want {
			t.Errorf("securityData(%q) = %s, want %s", tt.terminal, got, tt.want)
		}
	}
}

func TestHashData(t *testing.T) {
	tests := []struct {
		name                  string
		legacy                bool
		order, card, amt, cur string
		want                  string
	}{
		// §9.3 (v512).
		{"sales", false, "order222", "", "10025", "949",
			"0CFE09F107274C6A07292DA061A4EECAB0F5F0CF87F831F2D3626A3346A941126C52D1D95A3B77ADF5AC348B3D25C76BA5D8D98A29557D087D3367BFFACCD25C"},
		{"void", false, "4499996", "", "100", "949",
			"C0C88761726D1844AF49FBE756DBE4586F7339169994CF700AE50AA8EAD0C8E81F5828C3392CE39CFC3F8C976FC3E24B576F4DB55DAF2E7D3A6F6B6E5E89B189"},
		{"refund", false, "4499996", "", "202", "949",
			"0F97D922001221B9C90AA692CF5D4082FF6D3EB38BE863A47F9C08E63CD87312270D6F298E5FBBC320654861DA1C6EE826E0C83E904916351A9D3032FA426BAA"},
		{"bininq", false, "SISTD5A61F1682E745B28871872383ABBEB1", "", "1", "",
			"B129BF998FF8C97C42D3FC923AA4271656B112549665FA130ACF631EA3EB73D917AEB3D646481564CACE38D1687F7744F82E5A1DBB6966F1512E0AF29B4C067B"},
		// §9.5 (legacy SHA-1): the currency is not hashed.
		{"legacy sales", true, "order222", "", "10025", "949", "00CD5B6C29D4CEA1F3002D785A9F9B09974AD51D"},
		{"legacy void", true, "4499996", "", "100", "949", "9788649A0C3AE14C082783CEA6775E08A7EFB311"},
		{"legacy refund", true, "4499996", "", "202", "949", "D7094EAF4C444AAC429FB2424BEE7FC68470E0DE"},
		{"legacy sales with card", true, "order222", "5555444433332222", "10025", "949", "3732634F78053D42304B0966E263629FE44E258B"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := hashData(tt.legacy, tt.order, vecTerminal, tt.card, tt.amt, tt.cur, vecSecData)
			if got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func vecForm() url.Values {
	return url.Values{
		"terminalid": {vecTerminal}, "orderid": {"order222"}, "txnamount": {"10025"}, "txncurrencycode": {"949"},
		"successurl": {"https://domain.com/success"}, "errorurl": {"https://domain.com/fail_url"},
		"txntype": {"sales"}, "txninstallmentcount": {""},
	}
}

func TestSecure3DHash(t *testing.T) {
	tests := []struct {
		name   string
		legacy bool
		want   string
	}{
		{"v512 §9.2", false, "372D6CB20B2B699D0A6667DFF46E3AA8CF3F9D8C2BB69A7C411895151FFCFAAB5277CCFE3B3A06035FEEFBFBFD40C79DBE51DBF867D0A24B37335A28F0CEFDE2"},
		{"legacy §9.5", true, "1D319D5EA945F5730FF5BCC970FF96690993F4BD"},
	}
	for _, tt := range tests {
		if got := secure3DHash(tt.legacy, vecForm(), vecStoreKey, vecSecData); got != tt.want {
			t.Errorf("%s: got %s, want %s", tt.name, got, tt.want)
		}
	}
}

// v512Callback is the callback of garanti.md §9.4.
func v512Callback() url.Values {
	return url.Values{
		"hashparams":     {"clientid:oid:authcode:procreturncode:response:mdstatus:cavv:eci:md:rnd:"},
		"clientid":       {vecTerminal},
		"oid":            {"2023100354BB"},
		"authcode":       {""},
		"procreturncode": {""},
		"response":       {""},
		"mdstatus":       {"1"},
		"cavv":           {"xgRlQDz4AAAAAAAAAAAAAAAAAAA="},
		"eci":            {"02"},
		"md":             {"aW5kZXg6MDJ6LjAI5iAcKf/ilXjYIOnTh4t+deHrtwO8ze7tPTL1YCDcBe8KEpuq6HDLYbqQSluL7p3kGcpFzX9s9XcegNhHMsDszxqGd33+p+p5sULGrDF3J2GGfiJDwan4ku7+eiTyS8x2xS9pUy7PTgMGc6jw94aLfXLHskhvY7FYWrymzQ=="},
		"rnd":            {"kW094tPzNEhqORzzCsLB"},
		"hash":           {"416B6253425E73184F118CC02E3BAA393622059BF6B0865D83F501E55A61339B9EC659CBCF7297EDECC1B17BF6281D90CC0AD8EDF3E1EFE94432ACCEAF79B26E"},
	}
}

// legacyCallback is the callback of garanti.md §9.5.
func legacyCallback() url.Values {
	return url.Values{
		"hashparams":     {"clientid:oid:authcode:procreturncode:response:mdstatus:cavv:eci:md:rnd:"},
		"clientid":       {vecTerminal},
		"oid":            {"20221101ACC4"},
		"authcode":       {""},
		"procreturncode": {""},
		"response":       {""},
		"mdstatus":       {"1"},
		"cavv":           {"jCm0m+u/0hUfAREHBAMBcfN+pSo="},
		"eci":            {"02"},
		"md":             {"G1YfkxEZ8Noemg4MRspO20vEiXaEk51A7ajPU4mKMSVmw34xpTV+8XSfhPw2vMA2XLuPjeXSvG00zCA+78yYbp83WAhjLy/qNPUCphGiC1db8oGIphWRRimqxZi1iCq3rYtLbz6EoZRFU18UGFUotA=="},
		"rnd":            {"3tfMjkdGsXQNc11PxchJ"},
		"hash":           {"r2KD+NS0f82pwRPekR1BTIT1mik="},
	}
}

func TestCallbackHash(t *testing.T) {
	if got, want := callbackHash(false, v512Callback(), vecStoreKey), v512Callback().Get("hash"); got != want {
		t.Errorf("v512 §9.4: got %s, want %s", got, want)
	}
	if got, want := callbackHash(true, legacyCallback(), vecStoreKey), legacyCallback().Get("hash"); got != want {
		t.Errorf("legacy §9.5: got %s, want %s", got, want)
	}
}

func TestVerifyCallback(t *testing.T) {
	v512 := Config{StoreKey: vecStoreKey}
	legacy := Config{StoreKey: vecStoreKey, HashVersion: HashLegacy}
	tests := []struct {
		name string
		cfg  Config
		form func() url.Values
		ok   bool
	}{
		{"v512 genuine", v512, v512Callback, true},
		{"v512 lower-case hex", v512, func() url.Values {
			f := v512Callback()
			f.Set("hash", lower(f.Get("hash")))
			return f
		}, true},
		{"legacy genuine", legacy, legacyCallback, true},
		{"v512 callback, legacy config", legacy, v512Callback, false},
		{"legacy callback, v512 config", v512, legacyCallback, false},
		{"hash missing", v512, func() url.Values { f := v512Callback(); f.Del("hash"); return f }, false},
		{"hash empty", v512, func() url.Values { f := v512Callback(); f.Set("hash", ""); return f }, false},
		{"hash repeated", v512, func() url.Values { f := v512Callback(); f.Add("hash", f.Get("hash")); return f }, false},
		{"hashparams missing", v512, func() url.Values { f := v512Callback(); f.Del("hashparams"); return f }, false},
		{"hashparams only colons", v512, func() url.Values { f := v512Callback(); f.Set("hashparams", ":::"); return f }, false},
		{"mdstatus changed", v512, func() url.Values { f := v512Callback(); f.Set("mdstatus", "4"); return f }, false},
		{"signed field repeated", v512, func() url.Values { f := v512Callback(); f.Add("mdstatus", "0"); return f }, false},
		{"oid changed", v512, func() url.Values { f := v512Callback(); f.Set("oid", "2023100354BC"); return f }, false},
		{"empty signed field removed", v512, func() url.Values { f := v512Callback(); f.Del("authcode"); return f }, false},
		{"name slipped into hashparams", v512, func() url.Values {
			f := v512Callback()
			f.Set("hashparams", f.Get("hashparams")+"x")
			return f
		}, false},
		{"hashparams shortened", v512, func() url.Values { f := v512Callback(); f.Set("hashparams", "clientid:oid:"); return f }, false},
		{"hashparamsval right", v512, func() url.Values {
			f := v512Callback()
			f.Set("hashparamsval", concatSigned(f))
			return f
		}, true},
		{"hashparamsval wrong", v512, func() url.Values { f := v512Callback(); f.Set("hashparamsval", "x"); return f }, false},
		{"no store key", Config{}, v512Callback, false},
		{"wrong store key", Config{StoreKey: "87654321"}, v512Callback, false},
		{"unsigned field changed", v512, func() url.Values { f := v512Callback(); f.Set("txnamount", "1"); return f }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.cfg.VerifyCallback(tt.form())
			if tt.ok && err != nil {
				t.Fatalf("got %v, want nil", err)
			}
			if !tt.ok && !errors.Is(err, vpos.ErrInvalidCallback) {
				t.Fatalf("got %v, want an error matching vpos.ErrInvalidCallback", err)
			}
		})
	}
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func TestSignCallback(t *testing.T) {
	for _, cfg := range []Config{{StoreKey: vecStoreKey}, {StoreKey: vecStoreKey, HashVersion: HashLegacy}} {
		cb := v512Callback()
		cb.Del("hash")
		cb.Del("hashparams")
		cb.Set("hashparamsval", "")
		signed := cfg.SignCallback(cb)
		if err := cfg.VerifyCallback(signed); err != nil {
			t.Errorf("%s: VerifyCallback(SignCallback(cb)) = %v, want nil", cfg.version(), err)
		}
		if cb.Get("hash") != "" || cb.Get("hashparams") != "" {
			t.Errorf("%s: SignCallback modified its argument", cfg.version())
		}
		if signed.Get("hashparams") != DefaultHashParams {
			t.Errorf("%s: hashparams = %q, want %q", cfg.version(), signed.Get("hashparams"), DefaultHashParams)
		}
		signed.Set("eci", "05")
		if cfg.VerifyCallback(signed) == nil {
			t.Errorf("%s: tampered eci verified", cfg.version())
		}
	}
}
