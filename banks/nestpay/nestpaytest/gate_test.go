package nestpaytest

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/threed"
	"github.com/sanalpos/vpos/vpostest"
)

// runACS plays the shopper and returns the callback form (Action = the
// merchant URL the bank posts to).
func runACS(t *testing.T, s *Server, form *threed.Form, o vpostest.ACSOutcome) *threed.Form {
	t.Helper()
	cb, err := s.acsForm(context.Background(), form, o)
	if err != nil {
		t.Fatalf("ACS(%s): %v", o, err)
	}
	return cb
}

func TestGateModels(t *testing.T) {
	s := newTestServer(t)
	key := s.Credentials().StoreKey
	n := 0
	for _, model := range threed.Models() {
		for _, outcome := range vpostest.ACSOutcomes() {
			t.Run(string(model)+"/"+string(outcome), func(t *testing.T) {
				n++
				order := fmt.Sprintf("3D-%02d", n)
				before := s.Ledger().Bookings()
				form := gateForm(s, model, order, "150.75", s.Cards().ThreeD)
				cbForm := runACS(t, s, form, outcome)
				cb := cbForm.Fields
				if !verifyVer3(cb, key) {
					t.Errorf("callback HASH does not verify with the test's own ver3")
				}
				md := outcome.MDStatus()
				if got := cb.Get("mdStatus"); got != md {
					t.Errorf("mdStatus = %q, want %q", got, md)
				}
				for name, want := range map[string]string{
					"oid": order, "ReturnOid": order, "amount": "150.75", "currency": "949", "storetype": string(model),
					"clientid": s.Credentials().ClientID, "Email": "çağrı@örnek.com.tr", "firmaadi": "Çağrı | Öztürk \\ Ltd.",
					"maskedCreditCard": "4000 00** **** 0003", "MaskedPan": "400000***0003", "hashAlgorithm": "ver3",
					"okUrl": shopOK, "failUrl": shopFail,
				} {
					if got := cb.Get(name); got != want {
						t.Errorf("callback %s = %q, want %q", name, got, want)
					}
				}
				for _, name := range []string{"taksit", "md", "xid", "mdErrorMsg", "txstatus", "Ecom_Payment_Card_ExpDate_Month", "Ecom_Payment_Card_ExpDate_Year"} {
					if _, ok := cb[name]; !ok {
						t.Errorf("callback lacks %s", name)
					}
				}
				for _, name := range []string{"pan", "cv2", "hash"} {
					if _, ok := cb[name]; ok {
						t.Errorf("callback echoes %s", name)
					}
				}
				if md == "1" && (cb.Get("cavv") == "" || cb.Get("eci") != "05") {
					t.Errorf("full authentication: cavv %q eci %q", cb.Get("cavv"), cb.Get("eci"))
				}
				if md == "0" && (cb.Get("cavv") != "" || cb.Get("eci") != "") {
					t.Errorf("failed authentication carries cavv %q eci %q", cb.Get("cavv"), cb.Get("eci"))
				}
				if parts := strings.Split(cb.Get("md"), ":"); len(parts) != 4 || parts[0] != "400000" || len(parts[1]) != 64 || parts[3] != "##"+s.Credentials().ClientID {
					t.Errorf("md = %q", cb.Get("md"))
				}
				booked := s.Ledger().Bookings() - before
				switch model {
				case threed.Model3D, threed.Model3DHost:
					wantAction := shopFail
					if halfOrFull(md) {
						wantAction = shopOK
					}
					if cbForm.Action != wantAction {
						t.Errorf("callback posts to %q, want %q", cbForm.Action, wantAction)
					}
					if booked != 0 || cb.Get("Response") != "" {
						t.Errorf("authentication-only model booked %d, Response %q", booked, cb.Get("Response"))
					}
				default:
					if md == "1" {
						if cb.Get("Response") != "Approved" || cb.Get("ProcReturnCode") != "00" || cb.Get("AuthCode") == "" || cb.Get("TransId") == "" || cbForm.Action != shopOK {
							t.Errorf("3D pay success: Response %q ProcReturnCode %q AuthCode %q TransId %q to %q",
								cb.Get("Response"), cb.Get("ProcReturnCode"), cb.Get("AuthCode"), cb.Get("TransId"), cbForm.Action)
						}
						if booked != 1 {
							t.Errorf("booked %d, want 1", booked)
						}
						if o, _ := s.Ledger().Order(order); o == nil || o.Amount != 15075 {
							t.Errorf("ledger order = %+v", o)
						}
					} else {
						if cb.Get("Response") == "Approved" || cb.Get("ProcReturnCode") == "00" || cbForm.Action != shopFail {
							t.Errorf("3D pay, mdStatus %s: Response %q ProcReturnCode %q to %q", md, cb.Get("Response"), cb.Get("ProcReturnCode"), cbForm.Action)
						}
						if booked != 0 {
							t.Errorf("booked %d, want 0", booked)
						}
					}
				}
			})
		}
	}
}

// provision sends the 3D model provisioning of a callback, MEWS style.
func provision(t *testing.T, s *Server, cb url.Values, extra ...field) *cc5Reply {
	t.Helper()
	fs := []field{
		{"Type", "Auth"}, {"IPAddress", "192.0.2.10"}, {"OrderId", cb.Get("oid")}, {"Total", cb.Get("amount")},
		{"Currency", cb.Get("currency")}, {"Taksit", cb.Get("taksit")}, {"Number", cb.Get("md")},
		{"PayerTxnId", cb.Get("xid")}, {"PayerSecurityLevel", cb.Get("eci")}, {"PayerAuthenticationCode", cb.Get("cavv")},
		{"Mode", "P"},
	}
	for _, e := range extra {
		replaced := false
		for i := range fs {
			if fs[i].name == e.name {
				fs[i].value, replaced = e.value, true
			}
		}
		if !replaced {
			fs = append(fs, e)
		}
	}
	return do(t, s, fs...)
}

func TestProvisioning(t *testing.T) {
	s := newTestServer(t)
	auth := func(model threed.Model, order string, o vpostest.ACSOutcome) url.Values {
		t.Helper()
		cb, err := s.ACS(context.Background(), gateForm(s, model, order, "42.50", s.Cards().ThreeD), o)
		if err != nil {
			t.Fatal(err)
		}
		return cb
	}
	for _, model := range []threed.Model{threed.Model3D, threed.Model3DHost} {
		t.Run(string(model), func(t *testing.T) {
			order := "PROV-" + string(model)
			cb := auth(model, order, vpostest.ACSSuccess)
			r := provision(t, s, cb)
			wantCode(t, r, "00", "Approved", "")
			if o, _ := s.Ledger().Order(order); o == nil || o.Amount != 4250 || o.Status != vpos.StatusApproved {
				t.Fatalf("ledger order = %+v", o)
			}
			st := status(t, s, order).extra
			if st["MDSTATUS"] != "1" || st["ECI_3D"] != "05" || st["CAVV_3D"] != cb.Get("cavv") || st["XID_3D"] != cb.Get("xid") {
				t.Errorf("status 3D fields = %q %q %q %q", st["MDSTATUS"], st["ECI_3D"], st["CAVV_3D"], st["XID_3D"])
			}
			// The md is used once.
			wantCode(t, provision(t, s, cb), "99", "Error", "CORE-2507")
			if got := s.Ledger().Bookings(); got == 0 {
				t.Errorf("no booking")
			}
		})
	}

	before := s.Ledger().Bookings()
	tests := []struct {
		name      string
		outcome   vpostest.ACSOutcome
		extra     []field
		errorCode string
	}{
		{"other amount", vpostest.ACSSuccess, []field{{"Total", "42.51"}}, "CORE-2012"},
		{"other currency", vpostest.ACSSuccess, []field{{"Currency", "840"}}, "CORE-2012"},
		{"other order", vpostest.ACSSuccess, []field{{"OrderId", "PROV-ELSEWHERE"}}, "CORE-2012"},
		{"other cavv", vpostest.ACSSuccess, []field{{"PayerAuthenticationCode", "AAAAAAAAAAAAAAAAAAAAAAAAAAA="}}, "CORE-2012"},
		{"other installments", vpostest.ACSSuccess, []field{{"Taksit", "3"}}, "CORE-2012"},
		{"unknown md", vpostest.ACSSuccess, []field{{"Number", "400000:" + strings.Repeat("A", 64) + ":0001:##x"}}, "CORE-2012"},
		{"failed authentication", vpostest.ACSFailure, nil, "CORE-2012"},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cb := auth(threed.Model3D, fmt.Sprintf("PROV-BAD-%d", i), tc.outcome)
			wantCode(t, provision(t, s, cb, tc.extra...), "99", "Error", tc.errorCode)
		})
	}
	if got := s.Ledger().Bookings(); got != before {
		t.Errorf("refused provisionings booked %d", got-before)
	}

	t.Run("half secure attempt", func(t *testing.T) {
		cb := auth(threed.Model3D, "PROV-ATTEMPT", vpostest.ACSAttempt)
		r := provision(t, s, cb)
		wantCode(t, r, "00", "Approved", "")
		if got := status(t, s, "PROV-ATTEMPT").extra["ECI_3D"]; got != "06" {
			t.Errorf("ECI_3D = %q, want 06", got)
		}
	})
	t.Run("CPV style without Total and Currency, DATA= verbatim", func(t *testing.T) {
		cb := auth(threed.Model3D, "PROV-CPV", vpostest.ACSSuccess)
		// Take a cavv with '+' and '/': DATA= verbatim must not turn '+' into a space.
		cb.Set("cavv", "AB+/CgghAAAAABllJMDdZdTdic=")
		s.mu.Lock()
		m := s.mds[cb.Get("md")]
		m.tds.cavv = cb.Get("cavv")
		s.mu.Unlock()
		body := cc5(s, field{"Type", "Auth"}, field{"OrderId", "PROV-CPV"}, field{"Number", cb.Get("md")},
			field{"PayerTxnId", cb.Get("xid")}, field{"PayerSecurityLevel", cb.Get("eci")},
			field{"PayerAuthenticationCode", cb.Get("cavv")})
		r := postAs(t, s, "application/x-www-form-urlencoded", "DATA="+body)
		wantCode(t, r, "00", "Approved", "")
		if o, _ := s.Ledger().Order("PROV-CPV"); o == nil || o.Amount != 4250 || o.Currency != vpos.TRY {
			t.Errorf("ledger order = %+v", o)
		}
	})
	t.Run("PreAuth", func(t *testing.T) {
		cb := auth(threed.Model3D, "PROV-PRE", vpostest.ACSSuccess)
		wantCode(t, provision(t, s, cb, field{"Type", "PreAuth"}), "00", "Approved", "")
		if o, _ := s.Ledger().Order("PROV-PRE"); o == nil || o.Captured != 0 {
			t.Errorf("ledger order = %+v, want an open pre-auth", o)
		}
	})
}

func TestGateRefusals(t *testing.T) {
	s := newTestServer(t)
	tamper := func(name, value string) func(*threed.Form) {
		return func(f *threed.Form) { f.Fields.Set(name, value) }
	}
	resign := func(f *threed.Form) { f.Fields.Set("hash", ver3(f.Fields, s.Credentials().StoreKey)) }
	tests := []struct {
		name   string
		model  threed.Model
		change []func(*threed.Form)
		code   string
	}{
		{"amount changed after signing", threed.Model3DPay, []func(*threed.Form){tamper("amount", "1.00")}, hppBadHash},
		{"hash missing", threed.Model3D, []func(*threed.Form){func(f *threed.Form) { f.Fields.Del("hash") }}, hppBadHash},
		{"hash of another key", threed.Model3D, []func(*threed.Form){func(f *threed.Form) { f.Fields.Set("hash", ver3(f.Fields, "other-key")) }}, hppBadHash},
		{"legacy hash without WithLegacyHash", threed.Model3D, []func(*threed.Form){func(f *threed.Form) {
			f.Fields.Del("hashAlgorithm")
			c := s.Credentials()
			f.Fields.Set("hash", sha1b64(c.ClientID+f.Fields.Get("oid")+f.Fields.Get("amount")+shopOK+shopFail+"Auth"+""+f.Fields.Get("rnd")+c.StoreKey))
		}}, hppBadHash},
		{"unknown client", threed.Model3D, []func(*threed.Form){tamper("clientid", "100100000"), resign}, hppBadMerchant},
		{"malformed card", threed.Model3DPay, []func(*threed.Form){tamper("pan", "4000009999000007"), resign}, hppBadCard},
		{"unknown storetype", threed.Model3D, []func(*threed.Form){tamper("storetype", "pay_hosting"), resign}, hppBadRequest},
		{"bad amount", threed.Model3D, []func(*threed.Form){tamper("amount", "1,00"), resign}, hppBadRequest},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			form := gateForm(s, tc.model, fmt.Sprintf("REFUSE-%d", i), "10.00", s.Cards().ThreeD)
			for _, c := range tc.change {
				c(form)
			}
			cbForm := runACS(t, s, form, vpostest.ACSSuccess)
			cb := cbForm.Fields
			if cbForm.Action != shopFail {
				t.Errorf("refusal posts to %q, want failUrl", cbForm.Action)
			}
			if cb.Get("Response") != "Error" || cb.Get("ErrorCode") != tc.code || cb.Get("ErrMsg") == "" {
				t.Errorf("Response %q ErrorCode %q ErrMsg %q, want Error %q", cb.Get("Response"), cb.Get("ErrorCode"), cb.Get("ErrMsg"), tc.code)
			}
			for _, name := range []string{"mdStatus", "HASH", "pan", "cv2"} {
				if _, ok := cb[name]; ok {
					t.Errorf("refusal carries %s", name)
				}
			}
		})
	}
	if got := s.Ledger().Bookings(); got != 0 {
		t.Errorf("Bookings = %d, want 0", got)
	}
}

func TestGateHostedPageWithPlainBrowser(t *testing.T) {
	s := newTestServer(t)
	// vpostest.Browser submits the hosted page as it is, without a card:
	// the bank answers HPP-1001 to failUrl.
	cb, err := (&vpostest.Browser{}).RunACS(context.Background(), gateForm(s, threed.Model3DPayHosting, "HOST-EMPTY", "5.00", vpos.Card{}), vpostest.ACSSuccess)
	if err != nil {
		t.Fatal(err)
	}
	if cb.Get("ErrorCode") != hppBadCard || cb.Get("Response") != "Error" {
		t.Errorf("empty hosted page: ErrorCode %q Response %q", cb.Get("ErrorCode"), cb.Get("Response"))
	}
	// The 3d model's pages are plain forms vpostest.Browser drives.
	cb, err = (&vpostest.Browser{}).RunACS(context.Background(), gateForm(s, threed.Model3DPay, "BROWSER-1", "5.00", s.Cards().ThreeD), vpostest.ACSSuccess)
	if err != nil {
		t.Fatal(err)
	}
	if cb.Get("Response") != "Approved" || !verifyVer3(cb, s.Credentials().StoreKey) {
		t.Errorf("Browser.RunACS: Response %q, hash verifies %v", cb.Get("Response"), verifyVer3(cb, s.Credentials().StoreKey))
	}
}

func TestGateVariants(t *testing.T) {
	s := newTestServer(t)
	key := s.Credentials().StoreKey
	t.Run("upper-case storetype, lower-case path, TranType, Instalment", func(t *testing.T) {
		form := gateForm(s, threed.Model3DPay, "VAR-1", "20.00", s.Cards().ThreeD)
		form.Action = s.URL() + "/fim/est3dgate"
		form.Fields.Set("storetype", "3D_PAY")
		form.Fields.Del("islemtipi")
		form.Fields.Set("TranType", "PreAuth")
		form.Fields.Del("taksit")
		form.Fields.Set("Instalment", "3")
		form.Fields.Set("hash", ver3(form.Fields, key))
		cb := runACS(t, s, form, vpostest.ACSSuccess).Fields
		if cb.Get("Response") != "Approved" || !verifyVer3(cb, key) {
			t.Fatalf("Response %q", cb.Get("Response"))
		}
		o, _ := s.Ledger().Order("VAR-1")
		if o == nil || o.Installments != 3 || o.Captured != 0 {
			t.Errorf("ledger order = %+v, want a 3-installment pre-auth", o)
		}
	})
	t.Run("declining card in 3d_pay", func(t *testing.T) {
		form := gateForm(s, threed.Model3DPay, "VAR-2", "20.00", s.Cards().InsufficientFunds)
		cbForm := runACS(t, s, form, vpostest.ACSSuccess)
		cb := cbForm.Fields
		if cb.Get("Response") != "Declined" || cb.Get("ProcReturnCode") != "51" || cb.Get("ErrCode") != "ISO8583-51" || cbForm.Action != shopFail {
			t.Errorf("Response %q ProcReturnCode %q ErrCode %q to %q", cb.Get("Response"), cb.Get("ProcReturnCode"), cb.Get("ErrCode"), cbForm.Action)
		}
		if !verifyVer3(cb, key) {
			t.Errorf("declined callback not signed")
		}
	})
	t.Run("duplicate order in 3d_pay", func(t *testing.T) {
		mustSale(t, s, "VAR-3", "20.00")
		cb := runACS(t, s, gateForm(s, threed.Model3DPay, "VAR-3", "20.00", s.Cards().ThreeD), vpostest.ACSSuccess).Fields
		if cb.Get("Response") != "Error" || cb.Get("ErrCode") != "CORE-2507" {
			t.Errorf("Response %q ErrCode %q", cb.Get("Response"), cb.Get("ErrCode"))
		}
	})
	t.Run("ACS page answered once", func(t *testing.T) {
		b := &vpostest.Browser{}
		_, page, err := b.Submit(context.Background(), gateForm(s, threed.Model3D, "VAR-4", "1.00", s.Cards().ThreeD))
		if err != nil {
			t.Fatal(err)
		}
		u, _ := url.Parse(s.GateURL())
		forms, _ := vpostest.ParseForms(u, page)
		if len(forms) != 4 {
			t.Fatalf("ACS page has %d forms, want 4", len(forms))
		}
		if _, _, err := b.Submit(context.Background(), forms[0]); err != nil {
			t.Fatal(err)
		}
		if _, _, err := b.Submit(context.Background(), forms[0]); err == nil {
			t.Errorf("second answer to the same ACS page accepted")
		}
	})
	t.Run("GET refused", func(t *testing.T) {
		resp, err := http.Get(s.GateURL())
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("GET gate: %d", resp.StatusCode)
		}
	})
}

func TestLegacyHash(t *testing.T) {
	s := newTestServer(t, WithLegacyHash())
	c := s.Credentials()
	legacyForm := func(model threed.Model, order string, withTypeAndTaksit bool) *threed.Form {
		f := gateForm(s, model, order, "30.00", s.Cards().ThreeD)
		f.Fields.Del("hashAlgorithm")
		plain := c.ClientID + order + "30.00" + shopOK + shopFail
		if withTypeAndTaksit {
			plain += "Auth" + ""
		}
		f.Fields.Set("hash", sha1b64(plain+f.Fields.Get("rnd")+c.StoreKey))
		return f
	}
	verifyLegacy := func(t *testing.T, cb url.Values, wantParams string) {
		t.Helper()
		if got := cb.Get("HASHPARAMS"); got != wantParams {
			t.Errorf("HASHPARAMS = %q, want %q", got, wantParams)
		}
		var val strings.Builder
		for _, name := range strings.Split(wantParams, ":") {
			if name != "" {
				val.WriteString(cb.Get(name))
			}
		}
		if cb.Get("HASHPARAMSVAL") != val.String() {
			t.Errorf("HASHPARAMSVAL = %q, want %q", cb.Get("HASHPARAMSVAL"), val.String())
		}
		if got, want := cb.Get("HASH"), sha1b64(val.String()+c.StoreKey); got != want {
			t.Errorf("HASH = %q, want %q", got, want)
		}
	}
	t.Run("3d", func(t *testing.T) {
		cb := runACS(t, s, legacyForm(threed.Model3D, "LEG-1", true), vpostest.ACSSuccess).Fields
		verifyLegacy(t, cb, "clientid:oid:mdStatus:cavv:eci:md:rnd:")
		wantCode(t, provision(t, s, cb), "00", "Approved", "")
	})
	t.Run("3d without islemtipi and taksit in the hash", func(t *testing.T) {
		cb := runACS(t, s, legacyForm(threed.Model3D, "LEG-2", false), vpostest.ACSFailure).Fields
		verifyLegacy(t, cb, "clientid:oid:mdStatus:cavv:eci:md:rnd:")
		if cb.Get("mdStatus") != "0" {
			t.Errorf("mdStatus = %q", cb.Get("mdStatus"))
		}
	})
	t.Run("3d_pay", func(t *testing.T) {
		cb := runACS(t, s, legacyForm(threed.Model3DPay, "LEG-3", true), vpostest.ACSSuccess).Fields
		verifyLegacy(t, cb, "clientid:oid:AuthCode:ProcReturnCode:Response:mdStatus:cavv:eci:md:rnd:")
		if cb.Get("Response") != "Approved" {
			t.Errorf("Response = %q", cb.Get("Response"))
		}
	})
	t.Run("ver3 request accepted too", func(t *testing.T) {
		cb := runACS(t, s, gateForm(s, threed.Model3DPay, "LEG-4", "30.00", s.Cards().ThreeD), vpostest.ACSSuccess).Fields
		verifyLegacy(t, cb, "clientid:oid:AuthCode:ProcReturnCode:Response:mdStatus:cavv:eci:md:rnd:")
	})
	t.Run("bad legacy hash refused", func(t *testing.T) {
		f := legacyForm(threed.Model3D, "LEG-5", true)
		f.Fields.Set("amount", "31.00")
		cb := runACS(t, s, f, vpostest.ACSSuccess).Fields
		if cb.Get("ErrorCode") != hppBadHash {
			t.Errorf("ErrorCode = %q, want %q", cb.Get("ErrorCode"), hppBadHash)
		}
	})
	t.Run("SignCallback", func(t *testing.T) {
		cb := runACS(t, s, legacyForm(threed.Model3DPay, "LEG-6", true), vpostest.ACSSuccess).Fields
		cb.Set("ProcReturnCode", "51")
		signed := s.SignCallback(cb)
		verifyLegacy(t, signed, "clientid:oid:AuthCode:ProcReturnCode:Response:mdStatus:cavv:eci:md:rnd:")
	})
	t.Run("UnsignedCallbackFields", func(t *testing.T) {
		u := s.UnsignedCallbackFields()
		for _, want := range []string{"amount", "okUrl", "maskedCreditCard"} {
			if !contains(u, want) {
				t.Errorf("UnsignedCallbackFields lacks %s", want)
			}
		}
		for _, signed := range []string{"oid", "mdStatus", "md", "Response"} {
			if contains(u, signed) {
				t.Errorf("UnsignedCallbackFields holds the signed %s", signed)
			}
		}
	})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestSignCallbackVer3(t *testing.T) {
	s := newTestServer(t)
	key := s.Credentials().StoreKey
	cb := runACS(t, s, gateForm(s, threed.Model3DPay, "SIGN-1", "9.99", s.Cards().ThreeD), vpostest.ACSFailure).Fields
	if !verifyVer3(cb, key) {
		t.Fatal("callback does not verify")
	}
	forged := url.Values{}
	for k, v := range cb {
		forged[k] = append([]string(nil), v...)
	}
	forged.Set("mdStatus", "1")
	if verifyVer3(forged, key) {
		t.Fatal("tampered callback still verifies")
	}
	signed := s.SignCallback(forged)
	if !verifyVer3(signed, key) || signed.Get("mdStatus") != "1" {
		t.Errorf("SignCallback result does not verify")
	}
	if forged.Get("HASH") == signed.Get("HASH") {
		t.Errorf("SignCallback changed its argument")
	}
	if got := s.UnsignedCallbackFields(); len(got) != 1 || got[0] != "encoding" {
		t.Errorf("UnsignedCallbackFields = %v, want [encoding]", got)
	}
	// encoding is echoed but not signed.
	f := gateForm(s, threed.Model3D, "SIGN-2", "9.99", s.Cards().ThreeD)
	f.Fields.Set("encoding", "UTF-8")
	f.Fields.Set("hash", ver3(f.Fields, key))
	cb = runACS(t, s, f, vpostest.ACSSuccess).Fields
	cb.Set("encoding", "ISO-8859-9")
	if !verifyVer3(cb, key) {
		t.Errorf("changing encoding broke the signature")
	}
}
