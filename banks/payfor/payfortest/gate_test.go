package payfortest_test

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sanalpos/vpos/banks/payfor/payfortest"
	"github.com/sanalpos/vpos/threed"
	"github.com/sanalpos/vpos/vpostest"
)

func TestGateModels(t *testing.T) {
	bank := payfortest.NewServer()
	defer bank.Close()
	c := bank.Credentials()
	n := 0
	for _, model := range []string{"3DModel", "3DPay", "3DHost"} {
		for _, outcome := range vpostest.ACSOutcomes() {
			t.Run(model+"/"+string(outcome), func(t *testing.T) {
				n++
				order := fmt.Sprintf("3D-%02d", n)
				before := bank.Ledger().Bookings()
				cb := acs(t, bank, gateForm(bank, model, "Auth", order, "150.75", bank.Cards().ThreeD), outcome)
				if !verified(bank, cb) {
					t.Errorf("ResponseHash does not verify")
				}
				if cb.Get("HashType") != "Sha1" || len(cb.Get("ResponseHash")) != 28 || !strings.HasPrefix(cb.Get("ResponseRnd"), "PF") {
					t.Errorf("HashType %q ResponseHash %q ResponseRnd %q", cb.Get("HashType"), cb.Get("ResponseHash"), cb.Get("ResponseRnd"))
				}
				if len(cb) != 119 {
					t.Errorf("callback has %d fields, want 119 (§12.3)", len(cb))
				}
				status := map[vpostest.ACSOutcome]string{vpostest.ACSSuccess: "1", vpostest.ACSFailure: "-1",
					vpostest.ACSAttempt: "4", vpostest.ACSNotEnrolled: "2"}[outcome]
				for name, want := range map[string]string{
					"OrderId": order, "PurchAmount": "150.75", "Currency": "949", "SecureType": model, "TxnType": "Auth",
					"MbrId": c.MbrID, "MerchantID": c.MerchantID, "InstallmentCount": "0", "OkUrl": shopOK,
					"FailUrl": shopFail, "CardMask": "400000******0003", "3DStatus": status, "MD": "",
					"Rnd": "0.43625700 1604831630", "Lang": "tr",
				} {
					if got := cb.Get(name); got != want {
						t.Errorf("%s = %q, want %q", name, got, want)
					}
				}
				for _, name := range []string{"Pan", "Cvv2", "Expiry", "UserCode", "UserPass"} {
					if _, ok := cb[name]; ok {
						t.Errorf("callback carries %s", name)
					}
				}
				if cb.Get("Hash") == "" || cb.Get("RequestGuid") == "" || cb.Get("TransactionDate") == "" {
					t.Errorf("Hash %q RequestGuid %q TransactionDate %q", cb.Get("Hash"), cb.Get("RequestGuid"), cb.Get("TransactionDate"))
				}
				if want := map[string]string{"3DHost": "True"}[model]; want != "" && cb.Get("Is3DHost") != want {
					t.Errorf("Is3DHost %q", cb.Get("Is3DHost"))
				}
				booked := bank.Ledger().Bookings() - before
				full := outcome == vpostest.ACSSuccess
				switch {
				case model == "3DModel" && outcome != vpostest.ACSFailure:
					want(t, cb, "ProcReturnCode", "V033", "ErrMsg", "3D Kullanıcı Doğrulama Adımı Başarılı", "TxnResult", "Failed",
						"TxnStatus", "N", "AuthCode", "", "HostRefNum", "", "ReturnUrl", shopOK)
					if booked != 0 {
						t.Errorf("booked %d", booked)
					}
				case model == "3DModel":
					want(t, cb, "ProcReturnCode", "V034", "TxnResult", "Failed", "ReturnUrl", shopFail, "D3Stat", "N")
				case full:
					want(t, cb, "ProcReturnCode", "00", "ErrMsg", "Onaylandı", "TxnResult", "Success", "TxnStatus", "Y",
						"D3Stat", "Y", "Eci", "05", "ReturnUrl", shopOK)
					if !authCodeRE.MatchString(cb.Get("AuthCode")) || !rrnRE.MatchString(cb.Get("HostRefNum")) ||
						cb.Get("F37") != cb.Get("HostRefNum") || cb.Get("PayerAuthenticationCode") == "" {
						t.Errorf("AuthCode %q HostRefNum %q F37 %q", cb.Get("AuthCode"), cb.Get("HostRefNum"), cb.Get("F37"))
					}
					if booked != 1 {
						t.Errorf("booked %d", booked)
					}
					if o, _ := bank.Ledger().Order(order); o == nil || o.Amount != 15075 {
						t.Errorf("ledger %+v", o)
					}
				default:
					want(t, cb, "ProcReturnCode", "MR15", "ErrMsg", "3D Secure Authorize Error", "TxnResult", "Failed",
						"TxnStatus", "N", "D3Stat", "N", "ReturnUrl", shopFail)
					if booked != 0 {
						t.Errorf("booked %d", booked)
					}
				}
			})
		}
	}
	if bank.Requests(payfortest.KindGate) != 12 || bank.Requests(payfortest.KindACS) != 12 || bank.Requests(payfortest.KindHostedPay) != 4 {
		t.Errorf("requests gate %d acs %d hostedpay %d", bank.Requests(payfortest.KindGate), bank.Requests(payfortest.KindACS), bank.Requests(payfortest.KindHostedPay))
	}
}

// want checks name/value pairs of a callback.
func want(t *testing.T, cb url.Values, pairs ...string) {
	t.Helper()
	for i := 0; i+1 < len(pairs); i += 2 {
		if got := cb.Get(pairs[i]); got != pairs[i+1] {
			t.Errorf("%s = %q, want %q", pairs[i], got, pairs[i+1])
		}
	}
}

func Test3DModelPayment(t *testing.T) {
	bank := payfortest.NewServer()
	defer bank.Close()
	c := bank.Credentials()
	cb := acs(t, bank, gateForm(bank, "3DModel", "PreAuth", "M-1", "10.01", bank.Cards().ThreeD), vpostest.ACSSuccess)
	wantCode(t, api(t, bank, set(modelPayment(c, cb), [2]string{"OrderId", "M-OTHER"})), "V013")
	wantCode(t, api(t, bank, set(modelPayment(c, cb), [2]string{"UserPass", "wrong"})), "V004")
	r := api(t, bank, modelPayment(c, cb))
	wantCode(t, r, "00")
	if r.get("TransId") != "M-1" || !authCodeRE.MatchString(r.get("AuthCode")) || !slices.Equal(r.order, payReplyOrder) {
		t.Errorf("3DModelPayment reply %v", r.m)
	}
	o, _ := bank.Ledger().Order("M-1")
	if o == nil || o.Amount != 1001 || o.Kind != vpostest.KindPreAuth {
		t.Errorf("ledger %+v", o)
	}
	// Used once.
	wantCode(t, api(t, bank, modelPayment(c, cb)), "V013")
	// The record now says paid.
	q := api(t, bank, inquiry(c, "M-1"))
	if q.get("TxnStatus") != "Y" || q.get("SecureType") != "3DModel" || q.get("D3Status") != "1" || q.get("ProcReturnCode") != "00" {
		t.Errorf("inquiry %s %s %s %s", q.get("TxnStatus"), q.get("SecureType"), q.get("D3Status"), q.get("ProcReturnCode"))
	}
	// MbrId and MerchantId, when sent, are checked; empty ones are fine (OYPF).
	cb2 := acs(t, bank, gateForm(bank, "3DModel", "Auth", "M-2", "10.01", bank.Cards().InsufficientFunds), vpostest.ACSAttempt)
	wantCode(t, formAPI(t, bank, append(modelPayment(c, cb2), [2]string{"MbrId", "12"})), "M013")
	r = formAPI(t, bank, append(modelPayment(c, cb2), [2]string{"MbrId", ""}, [2]string{"MerchantId", ""}))
	wantCode(t, r, "51")
	// A failed authentication cannot be paid.
	cb3 := acs(t, bank, gateForm(bank, "3DModel", "Auth", "M-3", "10.01", bank.Cards().ThreeD), vpostest.ACSFailure)
	wantCode(t, api(t, bank, modelPayment(c, cb3)), "V013")
	wantCode(t, api(t, bank, kv{{"RequestGuid", "1000000000000000"}, {"UserCode", c.UserCode}, {"UserPass", c.UserPass},
		{"OrderId", "M-4"}, {"SecureType", "3DModelPayment"}}), "V013")
	// An unfinished 3-D payment shows V000 in the inquiry (§12.2).
	gateOnly := gateForm(bank, "3DPay", "Auth", "M-5", "1.00", bank.Cards().ThreeD)
	if _, _, err := (&vpostest.Browser{}).Submit(context.Background(), gateOnly); err != nil {
		t.Fatal(err)
	}
	if q := api(t, bank, inquiry(c, "M-5")); q.get("ProcReturnCode") != "V000" || q.get("TxnStatus") != "N" {
		t.Errorf("abandoned 3-D payment: %s %s", q.get("ProcReturnCode"), q.get("TxnStatus"))
	}
}

func TestGateRefusals(t *testing.T) {
	bank := payfortest.NewServer()
	defer bank.Close()
	card := bank.Cards().ThreeD
	tests := []struct {
		name   string
		model  string
		edit   func(f url.Values)
		rehash bool
		code   string
		signed bool
	}{
		{"BadHash", "3DPay", func(f url.Values) { f.Set("Hash", "zmSUxYPhmCj7QOzqpk/28LuE1Oc=") }, false, "M030", true},
		{"AmountChanged", "3DModel", func(f url.Values) { f.Set("PurchAmount", "1.00") }, false, "M030", true},
		{"MbrId", "3DPay", func(f url.Values) { f.Set("MbrId", "12") }, true, "M013", false},
		{"Merchant", "3DPay", func(f url.Values) { f.Set("MerchantID", "085300000009704") }, true, "V001", false},
		{"UserCode", "3DPay", func(f url.Values) { f.Set("UserCode", "someone") }, true, "V004", true},
		{"HostOnDefault", "3DPay", func(f url.Values) { f.Set("SecureType", "3DHost") }, true, "M014", true},
		{"TxnType", "3DPay", func(f url.Values) { f.Set("TxnType", "Sale") }, true, "M015", true},
		{"OrderId", "3DPay", func(f url.Values) { f.Set("OrderId", "") }, true, "M025", true},
		{"Currency", "3DPay", func(f url.Values) { f.Set("Currency", "TL") }, true, "M002", true},
		{"Amount", "3DPay", func(f url.Values) { f.Set("PurchAmount", "1,00") }, true, "M012", true},
		{"AmountZero", "3DPay", func(f url.Values) { f.Set("PurchAmount", "0") }, true, "M004", true},
		{"Installments", "3DPay", func(f url.Values) { f.Set("InstallmentCount", "") }, true, "M025", true},
		{"OkUrl", "3DPay", func(f url.Values) { f.Set("OkUrl", "") }, true, "M010", true},
		{"Pan", "3DModel", func(f url.Values) { f.Set("Pan", "4000009999030004") }, true, "M041", true},
		{"PanLength", "3DModel", func(f url.Values) { f.Set("Pan", "40000099") }, true, "M008", true},
		{"Expiry", "3DPay", func(f url.Values) { f.Set("Expiry", "2030") }, true, "M006", true},
		{"Cvv", "3DPay", func(f url.Values) { f.Set("Cvv2", "") }, true, "M005", true},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			form := gateForm(bank, tc.model, "Auth", fmt.Sprintf("G-%02d", i), "1.01", card)
			tc.edit(form.Fields)
			if tc.rehash {
				form.Fields.Set("Hash", payfortest.RequestHash(form.Fields, bank.Credentials().MerchantPass))
			}
			cb := acs(t, bank, form, vpostest.ACSSuccess)
			want(t, cb, "ProcReturnCode", tc.code, "3DStatus", "-1", "RequestGuid", "0", "TxnResult", "Failed")
			if cb.Get("ErrMsg") == "" {
				t.Errorf("no ErrMsg")
			}
			if got := verified(bank, cb); got != tc.signed {
				t.Errorf("signed %v, want %v", got, tc.signed)
			}
			if _, ok := cb["Pan"]; ok {
				t.Errorf("error callback echoes the card")
			}
			if bank.Ledger().Bookings() != 0 {
				t.Errorf("booked")
			}
		})
	}
	t.Run("PayOnHostedGate", func(t *testing.T) {
		form := gateForm(bank, "3DPay", "Auth", "G-HOST", "1.01", card)
		form.Action = bank.HostedGate3DURL()
		want(t, acs(t, bank, form, vpostest.ACSSuccess), "ProcReturnCode", "M014")
	})
	t.Run("Duplicate", func(t *testing.T) {
		cb := acs(t, bank, gateForm(bank, "3DPay", "Auth", "G-DUP", "1.01", card), vpostest.ACSSuccess)
		want(t, cb, "ProcReturnCode", "00")
		for _, model := range []string{"3DModel", "3DPay", "3DHost"} {
			cb := acs(t, bank, gateForm(bank, model, "Auth", "G-DUP", "1.01", card), vpostest.ACSSuccess)
			want(t, cb, "ProcReturnCode", "101310", "ErrMsg", "Verilen sipariş no önceden kullanılmıştır.", "RequestGuid", "0",
				"3DStatus", "-1", "OrderId", "G-DUP", "AuthCode", "", "ReturnUrl", shopFail)
			if !verified(bank, cb) {
				t.Errorf("%s: duplicate callback not signed", model)
			}
		}
		if bank.Ledger().Bookings() != 1 {
			t.Errorf("bookings %d", bank.Ledger().Bookings())
		}
	})
	t.Run("NoFailUrl", func(t *testing.T) {
		form := gateForm(bank, "3DPay", "Auth", "G-NOURL", "1.01", card)
		form.Fields.Set("OkUrl", "")
		form.Fields.Set("FailUrl", "")
		if _, err := bank.ACS(context.Background(), form, vpostest.ACSSuccess); err == nil {
			t.Errorf("gate without OkUrl and FailUrl answered a callback")
		}
	})
}

func TestGateDeclineAndPreAuth(t *testing.T) {
	bank := payfortest.NewServer()
	defer bank.Close()
	cb := acs(t, bank, gateForm(bank, "3DPay", "Auth", "GD-1", "1.01", bank.Cards().InsufficientFunds), vpostest.ACSSuccess)
	want(t, cb, "ProcReturnCode", "51", "TxnResult", "Failed", "3DStatus", "1", "AuthCode", "", "ReturnUrl", shopFail)
	if !rrnRE.MatchString(cb.Get("HostRefNum")) || !verified(bank, cb) {
		t.Errorf("decline callback HostRefNum %q", cb.Get("HostRefNum"))
	}
	cb = acs(t, bank, gateForm(bank, "3DHost", "PreAuth", "GD-2", "7.50", bank.Cards().ThreeD), vpostest.ACSSuccess)
	want(t, cb, "ProcReturnCode", "00", "TxnType", "PreAuth", "SecureType", "3DHost", "CardHolderName", bank.Cards().ThreeD.Holder)
	if o, _ := bank.Ledger().Order("GD-2"); o == nil || o.Kind != vpostest.KindPreAuth || o.Amount != 750 {
		t.Errorf("ledger %+v", o)
	}
	// The 3D pre-auth is captured through the API.
	wantCode(t, api(t, bank, follow(bank.Credentials(), "PostAuth", "GD-2", "")), "00")
}

func TestCallbackSignature(t *testing.T) {
	bank := payfortest.NewServer()
	defer bank.Close()
	card := bank.Cards().ThreeD
	bank.Faults().Arm(vpostest.FaultBadCallbackSignature)
	cb := acs(t, bank, gateForm(bank, "3DPay", "Auth", "S-1", "1.01", card), vpostest.ACSSuccess)
	if verified(bank, cb) {
		t.Errorf("callback under FaultBadCallbackSignature verifies")
	}
	if bank.Faults().Armed(vpostest.FaultBadCallbackSignature) {
		t.Errorf("fault still armed")
	}
	cb = acs(t, bank, gateForm(bank, "3DPay", "Auth", "S-2", "1.01", card), vpostest.ACSSuccess)
	if !verified(bank, cb) {
		t.Errorf("next callback does not verify")
	}
	// Every signed field changes the hash; the unsigned ones do not.
	unsigned := bank.UnsignedCallbackFields()
	c := bank.Credentials()
	for k := range cb {
		bad := url.Values{}
		for kk, vv := range cb {
			bad[kk] = append([]string(nil), vv...)
		}
		bad.Set(k, bad.Get(k)+"x")
		changed := payfortest.ResponseHash(bad, c.MerchantPass, c.UserCode) != cb.Get("ResponseHash")
		if slices.Contains(unsigned, k) == changed && k != "ResponseHash" {
			t.Errorf("field %s: in UnsignedCallbackFields %v, changes the hash %v", k, slices.Contains(unsigned, k), changed)
		}
	}
	if !slices.IsSorted(unsigned) || slices.Contains(unsigned, "ResponseHash") || !slices.Contains(unsigned, "PurchAmount") {
		t.Errorf("UnsignedCallbackFields %v", unsigned)
	}
	// SignCallback forges a well-signed callback.
	forged := bank.SignCallback(url.Values{"MerchantID": {c.MerchantID}, "OrderId": {"S-3"}, "ProcReturnCode": {"00"}, "3DStatus": {"1"}})
	if !verified(bank, forged) || forged.Get("HashType") != "Sha1" {
		t.Errorf("SignCallback %v", forged)
	}
}

func TestSHA256ResponseHash(t *testing.T) {
	bank := payfortest.NewServer(payfortest.WithSHA256ResponseHash())
	defer bank.Close()
	cb := acs(t, bank, gateForm(bank, "3DModel", "Auth", "H256-1", "1.01", bank.Cards().ThreeD), vpostest.ACSSuccess)
	c := bank.Credentials()
	if h := cb.Get("ResponseHash"); len(h) != 44 || h != payfortest.ResponseHashSHA256(cb, c.MerchantPass, c.UserCode) {
		t.Errorf("ResponseHash %q", h)
	}
	if _, ok := cb["HashType"]; ok {
		t.Errorf("HashType sent with SHA-256")
	}
}

func TestACSErrors(t *testing.T) {
	bank := payfortest.NewServer()
	defer bank.Close()
	if _, err := bank.ACS(context.Background(), nil, vpostest.ACSSuccess); err == nil {
		t.Errorf("nil form accepted")
	}
	form := gateForm(bank, "3DPay", "Auth", "E-1", "1.01", bank.Cards().ThreeD)
	_, err := bank.ACS(context.Background(), form, vpostest.ACSOutcome("maybe"))
	if err == nil || strings.Contains(err.Error(), bank.Cards().ThreeD.Number) {
		t.Errorf("unknown outcome: %v", err)
	}
	_ = threed.Model3DPay
}

func TestWithCardsMastercard(t *testing.T) {
	cards := vpostest.DefaultCards(time.Now())
	cards.ThreeD.Number = "5400009999030006"
	bank := payfortest.NewServer(payfortest.WithCards(cards))
	defer bank.Close()
	cb := acs(t, bank, gateForm(bank, "3DHost", "Auth", "MC-1", "3.00", cards.ThreeD), vpostest.ACSSuccess)
	want(t, cb, "ProcReturnCode", "00", "Eci", "02", "CardType", "M", "DsBrand", "M", "CardMask", "540000******0006")
	cb = acs(t, bank, gateForm(bank, "3DModel", "Auth", "MC-2", "3.00", cards.ThreeD), vpostest.ACSAttempt)
	want(t, cb, "ProcReturnCode", "V033", "3DStatus", "4", "Eci", "01")
}

// TestHostedCardRefused types a bad card on the 3DHost page.
func TestHostedCardRefused(t *testing.T) {
	bank := payfortest.NewServer()
	defer bank.Close()
	b := &vpostest.Browser{}
	final, page, err := b.Submit(context.Background(), gateForm(bank, "3DHost", "Auth", "HC-1", "1.00", bank.Cards().ThreeD))
	if err != nil {
		t.Fatal(err)
	}
	forms, _ := vpostest.ParseForms(final, page)
	if len(forms) != 1 || !strings.Contains(string(page), `name="Pan"`) {
		t.Fatalf("3DHost page: %d forms", len(forms))
	}
	f := forms[0]
	f.Fields.Set("Pan", "4000009999030004") // Luhn fails
	f.Fields.Set("Expiry", "0731")
	f.Fields.Set("Cvv2", "123")
	final, page, err = b.Submit(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	forms, _ = vpostest.ParseForms(final, page)
	if len(forms) != 1 || forms[0].Action != shopFail {
		t.Fatalf("refused card page: %d forms", len(forms))
	}
	want(t, forms[0].Fields, "ProcReturnCode", "M041", "3DStatus", "-1", "OrderId", "HC-1")
	if !verified(bank, forms[0].Fields) {
		t.Errorf("refusal not signed")
	}
	// The page session is used: posting the card again is refused.
	if _, _, err := b.Submit(context.Background(), f); err == nil {
		t.Errorf("second card post accepted")
	}
	c := bank.Credentials()
	if q := api(t, bank, inquiry(c, "HC-1")); q.get("ProcReturnCode") != "M041" || q.get("SecureType") != "3DHost" {
		t.Errorf("inquiry %s %s", q.get("ProcReturnCode"), q.get("SecureType"))
	}
	wantCode(t, api(t, bank, set(inquiry(c, "HC-1"), [2]string{"TxnType", "TxnHistory"})), "M015")
	wantCode(t, api(t, bank, append(account(c), kv{{"SecureType", "Report"}, {"TxnType", "OrderInquiry"}}...)), "M015")
}
