package nestpay

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/returncodes"
	"github.com/sanalpos/vpos/threed"
)

func threeDReq(m threed.Model) *vpos.ThreeDRequest {
	r := &vpos.ThreeDRequest{
		OrderID: "ORDER-3D", Amount: 15075, Currency: vpos.TRY, Installments: 3, Model: m,
		OkURL: "https://shop.example.com.tr/ok", FailURL: "https://shop.example.com.tr/fail",
		CustomerEmail: "çağrı@örnek.com.tr", CustomerName: "Çağrı Öztürk", Lang: "en",
	}
	if !m.CardOnBankPage() {
		r.Card = vpos.Card{Number: "4000009999030003", ExpMonth: 7, ExpYear: 2031, CVV: "697"}
	}
	return r
}

func TestBegin3D(t *testing.T) {
	for _, hv := range []string{HashVer3, HashLegacy} {
		for _, m := range threed.Models() {
			t.Run(hv+"/"+string(m), func(t *testing.T) {
				cfg := testConfig()
				cfg.HashVersion = hv
				cfg.Endpoint.HostedGate3D = "https://hosted.example/fim/est3Dgate"
				bank := newMockBank(t, cfg, fixed(t, "approved.xml"))
				form, err := bank.p.Begin3D(context.Background(), threeDReq(m))
				if err != nil {
					t.Fatal(err)
				}
				wantAction := testGate
				if m.CardOnBankPage() {
					wantAction = "https://hosted.example/fim/est3Dgate"
				}
				if form.Action != wantAction || form.Method != "POST" {
					t.Errorf("got %s %s, want POST %s", form.Method, form.Action, wantAction)
				}
				f := form.Fields
				want := map[string]string{
					"clientid": "700655000200", "storetype": string(m), "amount": "150.75", "oid": "ORDER-3D",
					"okUrl": "https://shop.example.com.tr/ok", "failUrl": "https://shop.example.com.tr/fail",
					"currency": "949", "taksit": "3", "islemtipi": "Auth", "lang": "en",
					"Email": "çağrı@örnek.com.tr", "BillToName": "Çağrı Öztürk",
				}
				for k, v := range want {
					if got := f.Get(k); got != v {
						t.Errorf("field %s: got %q, want %q", k, got, v)
					}
				}
				if card := f.Get("pan") != ""; card == m.CardOnBankPage() {
					t.Errorf("card fields present = %v in model %s", card, m)
				}
				if !m.CardOnBankPage() && (f.Get("Ecom_Payment_Card_ExpDate_Month") != "07" || f.Get("Ecom_Payment_Card_ExpDate_Year") != "31" || f.Get("cv2") != "697") {
					t.Errorf("card fields: got %v", f)
				}
				rest := cloneForm(f)
				rest.Del("hash")
				var wantHash string
				if hv == HashLegacy {
					wantHash = legacyRequestHash(rest, cfg.StoreKey)
					if f.Has("hashAlgorithm") {
						t.Errorf("legacy form carries hashAlgorithm")
					}
				} else {
					wantHash = ver3Hash(rest, cfg.StoreKey)
					if f.Get("hashAlgorithm") != "ver3" {
						t.Errorf("ver3 form: hashAlgorithm = %q", f.Get("hashAlgorithm"))
					}
				}
				if f.Get("hash") != wantHash {
					t.Errorf("hash: got %q, want %q", f.Get("hash"), wantHash)
				}
				again, _ := bank.p.Begin3D(context.Background(), threeDReq(m))
				if again.Fields.Get("rnd") == f.Get("rnd") || f.Get("rnd") == "" {
					t.Errorf("rnd does not change per request")
				}
				if len(bank.requests) != 0 {
					t.Errorf("Begin3D made %d requests, want none", len(bank.requests))
				}
			})
		}
	}
	t.Run("pre-auth and defaults", func(t *testing.T) {
		cfg := testConfig()
		cfg.StoreType, cfg.Lang = threed.Model3DPay, "tr"
		bank := newMockBank(t, cfg, fixed(t, "approved.xml"))
		req := threeDReq(threed.Model3DPay)
		req.Model, req.PreAuth, req.Lang, req.Installments, req.FailURL = "", true, "", 1, ""
		form, err := bank.p.Begin3D(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		f := form.Fields
		if f.Get("storetype") != "3d_pay" || f.Get("islemtipi") != "PreAuth" || f.Get("lang") != "tr" || f.Get("taksit") != "" || f.Get("failUrl") != req.OkURL {
			t.Errorf("got %v", f)
		}
		if got := bank.p.Features().ThreeD; len(got) != 4 || got[0] != threed.Model3DPay {
			t.Errorf("Features().ThreeD = %v, want 3d_pay first of four", got)
		}
	})
}

// callback is a signed callback for ORDER-3D of model m with mdStatus md
// and the extra fields kv.
func callback(cfg Config, m threed.Model, md string, kv ...string) url.Values {
	f := form("clientid", cfg.ClientID, "oid", "ORDER-3D", "amount", "150.75", "currency", "949", "taksit", "3",
		"storetype", string(m), "islemtipi", "Auth", "mdStatus", md, "rnd", "r1", "lang", "tr",
		"md", "400000:ABCDEF:0001:##"+cfg.ClientID, "xid", "eGlk", "eci", "05", "cavv", "Y2F2dg==",
		"mdErrorMsg", "Y-status", "maskedCreditCard", "4000 00** **** 0003", "clientIp", "192.0.2.10",
		"Ecom_Payment_Card_ExpDate_Month", "07", "Ecom_Payment_Card_ExpDate_Year", "31", "encoding", "ISO-8859-9")
	for i := 0; i+1 < len(kv); i += 2 {
		f.Set(kv[i], kv[i+1])
	}
	return cfg.SignCallback(f)
}

var paid = []string{"Response", "Approved", "ProcReturnCode", "00", "AuthCode", "P12345", "HostRefNum", "632900000001",
	"TransId", "26329SIWS00001", "ErrMsg", "", "EXTRA_TRXDATE", "20261125 21:08:35"}

func TestComplete3D(t *testing.T) {
	pending := func(m threed.Model) *vpos.Pending3D {
		return &vpos.Pending3D{OrderID: "ORDER-3D", Amount: 15075, Currency: vpos.TRY, Installments: 3, Model: m, MaskedPAN: "400000******0003"}
	}
	provisionReply := []byte(`<CC5Response><OrderId>ORDER-3D</OrderId><GroupId>ORDER-3D</GroupId><Response>Approved</Response><AuthCode>P99999</AuthCode><HostRefNum>632900000002</HostRefNum><ProcReturnCode>00</ProcReturnCode><TransId>26329PROV00002</TransId><ErrMsg></ErrMsg><Extra><TRXDATE>20261125 21:09:00</TRXDATE><ERRORCODE></ERRORCODE><NUMCODE>00</NUMCODE></Extra></CC5Response>`)
	tests := []struct {
		name     string
		model    threed.Model
		md       string
		kv       []string
		approved bool
		ret      returncodes.Code
		bankCode string
		transID  string
		requests int
		wantErr  error
	}{
		{name: "3d provisions", model: threed.Model3D, md: "1", approved: true, ret: returncodes.Approved, bankCode: "00", transID: "26329PROV00002", requests: 1},
		{name: "3d_host without payment fields provisions", model: threed.Model3DHost, md: "1", approved: true, ret: returncodes.Approved, bankCode: "00", transID: "26329PROV00002", requests: 1},
		// The mdStatus policy for 3d_host is the Client's (the callback is
		// MerchantProvisions); the provider provisions what it is given.
		{name: "3d_host attempt reaching the provider provisions", model: threed.Model3DHost, md: "4", approved: true, ret: returncodes.Approved, bankCode: "00", transID: "26329PROV00002", requests: 1},
		{name: "3d_host with payment fields", model: threed.Model3DHost, md: "1", kv: paid, approved: true, ret: returncodes.Approved, bankCode: "00", transID: "26329SIWS00001"},
		{name: "3d_pay approved", model: threed.Model3DPay, md: "1", kv: paid, approved: true, ret: returncodes.Approved, bankCode: "00", transID: "26329SIWS00001"},
		{name: "3d_pay_hosting approved", model: threed.Model3DPayHosting, md: "1", kv: paid, approved: true, ret: returncodes.Approved, bankCode: "00", transID: "26329SIWS00001"},
		{name: "3d_pay failed authentication", model: threed.Model3DPay, md: "0",
			kv: []string{"Response", "Declined", "ProcReturnCode", "99", "ErrMsg", "3D dogrulama basarisiz"}, ret: returncodes.ThreeDSFailed, bankCode: "mdStatus:0"},
		{name: "3d_pay attempt not charged", model: threed.Model3DPay, md: "4",
			kv: []string{"Response", "Declined", "ProcReturnCode", "99"}, ret: returncodes.ThreeDSFailed, bankCode: "mdStatus:4"},
		{name: "3d_pay failed without payment fields", model: threed.Model3DPay, md: "0", ret: returncodes.ThreeDSFailed, bankCode: "mdStatus:0"},
		{name: "3d_pay mdStatus 7 with 3D-1007", model: threed.Model3DPay, md: "7",
			kv: []string{"Response", "Error", "ProcReturnCode", "99", "ErrCode", "3D-1007"}, ret: returncodes.MerchantConfigError, bankCode: "3D-1007"},
		{name: "3d_pay issuer decline", model: threed.Model3DPay, md: "1",
			kv: []string{"Response", "Declined", "ProcReturnCode", "51", "ErrCode", "ISO8583-51", "ErrMsg", "Bakiye yetersiz"}, ret: returncodes.InsufficientFunds, bankCode: "51"},
		{name: "3d_pay fake approval", model: threed.Model3DPay, md: "1",
			kv: []string{"Response", "Approved", "ProcReturnCode", "08"}, ret: returncodes.ReferToIssuer, bankCode: "08"},
		{name: "3d_pay authenticated without result", model: threed.Model3DPay, md: "1", wantErr: vpos.ErrUnknownOutcome},
		{name: "3d_pay contradictory result", model: threed.Model3DPay, md: "1",
			kv: []string{"Response", "Approved", "ProcReturnCode", "99"}, wantErr: vpos.ErrUnknownOutcome},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig()
			bank := newMockBank(t, cfg, func(string) (int, []byte) { return 200, provisionReply })
			ctx := context.Background()
			cb, err := bank.p.ParseCallback(ctx, callback(cfg, tt.model, tt.md, tt.kv...))
			if err != nil {
				t.Fatalf("ParseCallback: %v", err)
			}
			if cb.OrderID != "ORDER-3D" || cb.Amount != 15075 || cb.Currency != vpos.TRY || cb.Model != tt.model || cb.MDStatus != tt.md {
				t.Errorf("callback = %+v", cb)
			}
			res, err := bank.p.Complete3D(ctx, cb, pending(tt.model))
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("got %+v, %v; want an error matching %v", res, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if res.Approved != tt.approved || res.Return != tt.ret || res.BankCode != tt.bankCode || res.TransactionID != tt.transID && tt.approved {
				t.Errorf("got Approved=%v Return=%q BankCode=%q TransId=%q, want %v %q %q %q", res.Approved, res.Return, res.BankCode, res.TransactionID, tt.approved, tt.ret, tt.bankCode, tt.transID)
			}
			if res.Amount != 15075 || res.Currency != vpos.TRY || res.Installments != 3 || res.ThreeD == nil || res.ThreeD.MDStatus != tt.md {
				t.Errorf("got %+v", res)
			}
			if len(bank.requests) != tt.requests {
				t.Fatalf("got %d requests, want %d", len(bank.requests), tt.requests)
			}
			if tt.requests == 1 {
				for _, want := range []string{"<Type>Auth</Type>", "<OrderId>ORDER-3D</OrderId>", "<Total>150.75</Total>", "<Taksit>3</Taksit>",
					"<Number>400000:ABCDEF:0001:##700655000200</Number>", "<PayerTxnId>eGlk</PayerTxnId>",
					"<PayerSecurityLevel>05</PayerSecurityLevel>", "<PayerAuthenticationCode>Y2F2dg==</PayerAuthenticationCode>", "<IPAddress>192.0.2.10</IPAddress>"} {
					if !strings.Contains(bank.requests[0], want) {
						t.Errorf("provision request lacks %s: %s", want, bank.requests[0])
					}
				}
			}
		})
	}
	t.Run("pre-auth provision", func(t *testing.T) {
		cfg := testConfig()
		bank := newMockBank(t, cfg, func(string) (int, []byte) { return 200, provisionReply })
		cb, err := bank.p.ParseCallback(context.Background(), callback(cfg, threed.Model3D, "1"))
		if err != nil {
			t.Fatal(err)
		}
		p := pending(threed.Model3D)
		p.PreAuth = true
		res, err := bank.p.Complete3D(context.Background(), cb, p)
		if err != nil || res.Op != vpos.OpPreAuth || !strings.Contains(bank.requests[0], "<Type>PreAuth</Type>") {
			t.Errorf("got %+v, %v, request %q; want a PreAuth provision", res, err, bank.requests)
		}
	})
}

func TestParseCallbackRefuses(t *testing.T) {
	cfg := testConfig()
	bank := newMockBank(t, cfg, fixed(t, "approved.xml"))
	tests := []struct {
		name string
		form url.Values
	}{
		{"unsigned gate error", form("oid", "ORDER-3D", "Response", "Error", "ProcReturnCode", "99", "ErrMsg", "Hash degeri hatali", "ErrorCode", "HPP-1005")},
		{"other store", callback(cfg, threed.Model3D, "1", "clientid", "190100000")},
		{"no oid", callback(cfg, threed.Model3D, "1", "oid", "")},
		{"no currency", callback(cfg, threed.Model3D, "1", "currency", "")},
		{"unknown currency", callback(cfg, threed.Model3D, "1", "currency", "999")},
		{"bad amount", callback(cfg, threed.Model3D, "1", "amount", "1,234.5")},
		{"zero amount", callback(cfg, threed.Model3D, "1", "amount", "0.00")},
		{"unknown storetype", callback(cfg, threed.Model3D, "1", "storetype", "3d_plus")},
		{"3d success without md", callback(cfg, threed.Model3D, "1", "md", "")},
		{"3d_host success without md", callback(cfg, threed.Model3DHost, "1", "md", "")},
		{"tampered", func() url.Values { f := callback(cfg, threed.Model3D, "1"); f.Set("mdStatus", "0"); return f }()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cb, err := bank.p.ParseCallback(context.Background(), tt.form)
			if !errors.Is(err, vpos.ErrInvalidCallback) {
				t.Errorf("got %+v, %v; want ErrInvalidCallback", cb, err)
			}
		})
	}
	// A failed 3d authentication needs no md; storetype is read in any case.
	cb, err := bank.p.ParseCallback(context.Background(), callback(cfg, "3D", "0", "md", ""))
	if err != nil || cb.Model != threed.Model3D || cb.Status != threed.StatusFailed {
		t.Errorf("got %+v, %v; want a failed 3d callback", cb, err)
	}
}

func TestFormText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"Y-status", "Y-status"},
		{"Kart doğrulanamadı", "Kart doğrulanamadı"},
		{"Kart do\xf0rulanamad\xfd", "Kart doğrulanamadı"},
	}
	for _, tt := range tests {
		if got := formText(tt.in); got != tt.want {
			t.Errorf("formText(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzVerifyCallback: verification never panics, accepts only signed
// forms, and any change to a signed field of a verified form is refused.
func FuzzVerifyCallback(f *testing.F) {
	cfg := Config{ClientID: "190200000", StoreKey: "123456"}
	legacy := Config{ClientID: "700655000200", StoreKey: "TRPS0200", HashVersion: HashLegacy}
	f.Add(ziraatCallback().Encode())
	f.Add(legacyCallback().Encode())
	f.Add(callback(cfg, threed.Model3D, "1").Encode())
	f.Add(callback(legacy, threed.Model3DPay, "1", paid...).Encode())
	f.Add("HASH=&oid=1")
	f.Fuzz(func(t *testing.T, raw string) {
		form, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		p := &Provider{cfg: cfg}
		_, _ = p.ParseCallback(context.Background(), form)
		for _, c := range []Config{cfg, legacy} {
			if c.VerifyCallback(form) != nil {
				continue
			}
			if !hasHash(form) {
				t.Fatalf("verified a form without a hash: %q", raw)
			}
			if c.legacy() {
				continue
			}
			for k := range form {
				if hashExcluded(k) {
					continue
				}
				bad := cloneForm(form)
				bad.Set(k, form.Get(k)+"x")
				if c.VerifyCallback(bad) == nil {
					t.Fatalf("field %q changed and still verified: %q", k, raw)
				}
			}
		}
	})
}

func hasHash(form url.Values) bool {
	for k, v := range form {
		if strings.EqualFold(k, "hash") && len(v) == 1 && v[0] != "" {
			return true
		}
	}
	return false
}
