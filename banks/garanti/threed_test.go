package garanti

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

// callback3D is garanti.md §12.6's 3D-model callback (authentication
// failed, v512 terminal), unsigned; with mdstatus it becomes the
// authenticated one.
func callback3D(mdstatus string) url.Values {
	v := url.Values{
		"mdstatus": {mdstatus}, "mderrormessage": {""}, "txnstatus": {""}, "eci": {""}, "cavv": {""}, "cavvalgorithm": {""},
		"xid": {"9df81889-86f6-42bf-9129-8189d30e6fef"}, "md": {"aW5kZXg6MDIY"},
		"oid": {"202409078CF3"}, "orderid": {"202409078CF3"}, "transid": {"202409078CF3"},
		"clientid": {"30691298"}, "terminalid": {"30691298"},
		"authcode": {""}, "response": {""}, "procreturncode": {""}, "errmsg": {""}, "hostmsg": {""}, "hostrefnum": {""},
		"MaskedPan": {"42822090****8012"}, "rnd": {"6ga2Y3buKZ3ZcJSC7uE6"},
		"hashparams": {DefaultHashParams}, "hashparamsval": {""},
		"apiversion": {"512"}, "mode": {"TEST"}, "secure3dsecuritylevel": {"3D"}, "txntype": {"sales"},
		"txnamount": {"1001"}, "txncurrencycode": {"949"}, "txninstallmentcount": {""},
		"successurl": {"https://shop.example.com/ok"}, "errorurl": {"https://shop.example.com/fail"},
		"customeripaddress": {"192.0.2.10"}, "terminaluserid": {"PROVAUT"}, "terminalprovuserid": {"PROVAUT"},
		"terminalmerchantid": {"7000679"}, "secure3dhash": {"ABC"},
	}
	if mdstatus == "1" {
		v.Set("mderrormessage", "Y-status/Challenge authentication via ACS: https://gbemv3dsecure.garanti.com.tr/web/creq")
		v.Set("eci", "02")
		v.Set("cavv", "xgRWtC2UAAAAAAAAAAAAAAAAAAA=")
	}
	return v
}

// callbackPay is §12.6's 3D_PAY callback: approved (legacy terminal), or
// authenticated but declined.
func callbackPay(approved bool) url.Values {
	v := callback3D("1")
	v.Set("secure3dsecuritylevel", "3D_PAY")
	if approved {
		v.Set("apiversion", "v0.01")
		for k, x := range map[string]string{"txnstatus": "Y", "paressyntaxok": "true", "paresverified": "true", "version": "2.0",
			"cavvalgorithm": "3", "authcode": "304919", "response": "Approved", "procreturncode": "00", "hostrefnum": "230508300426"} {
			v.Set(k, x)
		}
	} else {
		v.Set("response", "Declined")
		v.Set("procreturncode", "92")
		v.Set("authcode", " ")
		v.Set("errmsg", "TxnAmount field must not be zero …")
		v.Set("hostmsg", "Giriş yaptığınız işlem tipi için zorunlu alanları kontrol ediniz")
	}
	return v
}

func TestParseCallback(t *testing.T) {
	cfg := vecConfig()
	p := newTestProvider(t, cfg)
	sign := cfg.SignCallback
	tests := []struct {
		name   string
		p      *Provider
		form   url.Values
		status threed.Status
		model  threed.Model
	}{
		{"3d failed (§12.6)", p, sign(callback3D("0")), threed.StatusFailed, threed.Model3D},
		{"3d authenticated (§12.6)", p, sign(callback3D("1")), threed.StatusAuthenticated, threed.Model3D},
		{"3d attempt", p, sign(callback3D("4")), threed.StatusAttempted, threed.Model3D},
		{"3d_pay declined (§12.6)", p, sign(callbackPay(false)), threed.StatusAuthenticated, threed.Model3DPay},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cb, err := tt.p.ParseCallback(context.Background(), tt.form)
			if err != nil {
				t.Fatalf("ParseCallback: %v", err)
			}
			if cb.OrderID != "202409078CF3" || cb.Amount != 1001 || cb.Currency != vpos.TRY || cb.Model != tt.model || cb.Status != tt.status {
				t.Errorf("Callback = %+v", cb)
			}
		})
	}
	legacy := vecConfig()
	legacy.HashVersion = HashLegacy
	if cb, err := newTestProvider(t, legacy).ParseCallback(context.Background(), legacy.SignCallback(callbackPay(true))); err != nil || cb.ECI != "02" {
		t.Errorf("3d_pay approved, legacy (§12.6): %+v, %v", cb, err)
	}

	only3D := vecConfig()
	only3D.Models = []threed.Model{threed.Model3D}
	refused := []struct {
		name string
		p    *Provider
		form url.Values
	}{
		{"3d_pay system error, no hash (§12.6)", p, func() url.Values {
			v := callbackPay(false)
			for _, k := range []string{"hash", "hashparams", "hashparamsval", "md", "cavv", "eci"} {
				v.Del(k)
			}
			v.Set("mdstatus", "7")
			v.Set("mderrormessage", "Sistem Hatasi")
			v.Set("response", "Error")
			v.Set("procreturncode", "99")
			return v
		}()},
		{"legacy-signed callback", p, legacy.SignCallback(callback3D("1"))},
		{"mdstatus not signed", p, func() url.Values {
			v := callback3D("1")
			v.Set("hashparams", "clientid:oid:rnd:")
			return sign(v)
		}()},
		{"order id not signed", p, func() url.Values {
			v := callback3D("1")
			v.Set("hashparams", "clientid:mdstatus:rnd:")
			return sign(v)
		}()},
		{"3d_pay result not signed", p, func() url.Values {
			v := callbackPay(true)
			v.Set("hashparams", "clientid:oid:mdstatus:rnd:")
			return sign(v)
		}()},
		{"orderid differs", p, func() url.Values { v := sign(callback3D("1")); v.Set("orderid", "OTHER"); return v }()},
		{"orderid missing", p, func() url.Values { v := sign(callback3D("1")); v.Del("orderid"); return v }()},
		{"terminalid differs", p, func() url.Values { v := sign(callback3D("1")); v.Set("terminalid", "30691299"); return v }()},
		{"other terminal signed", p, func() url.Values { v := callback3D("1"); v.Set("clientid", "30691299"); return sign(v) }()},
		{"txnamount missing", p, func() url.Values { v := sign(callback3D("1")); v.Del("txnamount"); return v }()},
		{"txnamount empty", p, func() url.Values { v := sign(callback3D("1")); v.Set("txnamount", ""); return v }()},
		{"txnamount decimal", p, func() url.Values { v := sign(callback3D("1")); v.Set("txnamount", "10.01"); return v }()},
		{"txnamount repeated", p, func() url.Values { v := sign(callback3D("1")); v.Add("txnamount", "1001"); return v }()},
		{"currency unknown", p, func() url.Values { v := sign(callback3D("1")); v.Set("txncurrencycode", "950"); return v }()},
		{"currency missing", p, func() url.Values { v := sign(callback3D("1")); v.Del("txncurrencycode"); return v }()},
		{"model unknown", p, func() url.Values { v := sign(callback3D("1")); v.Set("secure3dsecuritylevel", "3D_FULL"); return v }()},
		{"model missing", p, func() url.Values { v := sign(callback3D("1")); v.Del("secure3dsecuritylevel"); return v }()},
		{"model not offered", newTestProvider(t, only3D), sign(callbackPay(true))},
		{"txntype unknown", p, func() url.Values { v := sign(callback3D("1")); v.Set("txntype", "refund"); return v }()},
	}
	for _, tt := range refused {
		t.Run(tt.name, func(t *testing.T) {
			cb, err := tt.p.ParseCallback(context.Background(), tt.form)
			if !errors.Is(err, vpos.ErrInvalidCallback) {
				t.Fatalf("got %+v, %v; want ErrInvalidCallback", cb, err)
			}
			if strings.Contains(err.Error(), vecStoreKey) {
				t.Errorf("error names the store key")
			}
		})
	}
}

func TestComplete3D(t *testing.T) {
	ctx := context.Background()
	pending := func(m threed.Model) *vpos.Pending3D {
		return &vpos.Pending3D{OrderID: "202409078CF3", Amount: 1001, Currency: vpos.TRY, Model: m, MaskedPAN: "428220******8012"}
	}
	t.Run("3d provisions", func(t *testing.T) {
		b := newBank(t, map[string][]string{"sales": {asOrder(approvedSale, "202409078CF3")}})
		p := b.provider(t)
		cb, err := p.ParseCallback(ctx, p.cfg.SignCallback(callback3D("1")))
		if err != nil {
			t.Fatal(err)
		}
		res, err := p.Complete3D(ctx, cb, pending(threed.Model3D))
		if err != nil || !res.Approved || res.RRN != "230508300434" || res.Amount != 1001 || res.ThreeD == nil || res.ThreeD.ECI != "02" {
			t.Fatalf("Complete3D = %+v, %v", res, err)
		}
		req := b.requests()[0]
		for _, want := range []string{"<CardholderPresentCode>13</CardholderPresentCode>", "<AuthenticationCode>xgRWtC2UAAAAAAAAAAAAAAAAAAA=</AuthenticationCode>",
			"<SecurityLevel>02</SecurityLevel>", "<TxnID>9df81889-86f6-42bf-9129-8189d30e6fef</TxnID>", "<Md>aW5kZXg6MDIY</Md>", "<IPAddress>192.0.2.10</IPAddress>"} {
			if !strings.Contains(req, want) {
				t.Errorf("provisioning request lacks %s", want)
			}
		}
		if strings.Contains(req, "<Card>") {
			t.Errorf("provisioning request carries a Card")
		}
	})
	t.Run("3d provision declined (§12.2 CVC)", func(t *testing.T) {
		b := newBank(t, map[string][]string{"sales": {asOrder(cvcDecline, "202409078CF3")}})
		p := b.provider(t)
		cb, _ := p.ParseCallback(ctx, p.cfg.SignCallback(callback3D("1")))
		res, err := p.Complete3D(ctx, cb, pending(threed.Model3D))
		if err != nil || res.Approved || res.Return != returncodes.InvalidCVV {
			t.Fatalf("Complete3D = %+v, %v", res, err)
		}
	})
	payCases := []struct {
		name     string
		form     url.Values
		approved bool
		rc       returncodes.Code
		unknown  bool
	}{
		{"3d_pay approved (§12.6)", callbackPay(true), true, returncodes.Approved, false},
		{"3d_pay declined (§12.6)", callbackPay(false), false, returncodes.InvalidRequest, false},
		{"3d_pay authentication failed", func() url.Values { v := callback3D("0"); v.Set("secure3dsecuritylevel", "3D_PAY"); return v }(), false, returncodes.ThreeDSFailed, false},
		{"3d_pay attempt not charged", func() url.Values {
			v := callbackPay(false)
			v.Set("mdstatus", "4")
			return v
		}(), false, returncodes.ThreeDSFailed, false},
		{"3d_pay attempt charged", func() url.Values { v := callbackPay(true); v.Set("mdstatus", "4"); return v }(), true, returncodes.Approved, false},
		{"3d_pay no result", func() url.Values { v := callback3D("1"); v.Set("secure3dsecuritylevel", "3D_PAY"); return v }(), false, "", true},
		{"3d_pay 00 but declined", func() url.Values { v := callbackPay(false); v.Set("procreturncode", "00"); return v }(), false, "", true},
	}
	for _, tt := range payCases {
		t.Run(tt.name, func(t *testing.T) {
			b := newBank(t, nil)
			p := b.provider(t)
			cb, err := p.ParseCallback(ctx, p.cfg.SignCallback(tt.form))
			if err != nil {
				t.Fatal(err)
			}
			res, err := p.Complete3D(ctx, cb, pending(threed.Model3DPay))
			if tt.unknown {
				if !errors.Is(err, vpos.ErrUnknownOutcome) {
					t.Fatalf("got %+v, %v; want ErrUnknownOutcome", res, err)
				}
				return
			}
			if err != nil || res.Approved != tt.approved || res.Return != tt.rc {
				t.Fatalf("Complete3D = %+v, %v; want approved %v, %q", res, err, tt.approved, tt.rc)
			}
			if tt.approved && (res.RRN != "230508300426" || res.AuthCode != "304919") {
				t.Errorf("references = %+v", res)
			}
			if !tt.approved && res.AuthCode != "" {
				t.Errorf("AuthCode = %q, want empty for a decline", res.AuthCode)
			}
			if n := len(b.requests()); n != 0 {
				t.Errorf("3d_pay completion sent %d requests, want 0", n)
			}
		})
	}
}
