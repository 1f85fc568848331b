package garantitest_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks/garanti/garantitest"
	"github.com/sanalpos/vpos/threed"
	"github.com/sanalpos/vpos/vpostest"
)

const (
	okURL   = "https://shop.example.com.tr/ok"
	failURL = "https://shop.example.com.tr/fail"
)

// shop plays the shopper step by step: it posts the gate form, answers
// the ACS page with outcome and returns the callback page's form (its
// action is successurl or errorurl) without submitting it.
func shop(t *testing.T, form *threed.Form, outcome vpostest.ACSOutcome) *threed.Form {
	t.Helper()
	b := &vpostest.Browser{}
	ctx := context.Background()
	final, page, err := b.Submit(ctx, form)
	if err != nil {
		t.Fatalf("gate: %v", err)
	}
	forms, _ := vpostest.ParseForms(final, page)
	var next *threed.Form
	for _, f := range forms {
		if f.Fields.Get(vpostest.ACSOutcomeField) == string(outcome) {
			next = f
		}
	}
	if next == nil {
		// The gate answered with the callback page itself.
		if len(forms) != 1 {
			t.Fatalf("gate page has %d forms and no %s outcome", len(forms), outcome)
		}
		return forms[0]
	}
	final, page, err = b.Submit(ctx, next)
	if err != nil {
		t.Fatalf("ACS: %v", err)
	}
	forms, _ = vpostest.ParseForms(final, page)
	if len(forms) != 1 {
		t.Fatalf("callback page has %d forms, want 1", len(forms))
	}
	return forms[0]
}

// verifyCallback checks a callback's hash by the reference's formula.
func verifyCallback(t *testing.T, bank *garantitest.Server, cb url.Values, legacy bool) {
	t.Helper()
	if got, want := cb.Get("hashparams"), "clientid:oid:authcode:procreturncode:response:mdstatus:cavv:eci:md:rnd:"; got != want {
		t.Errorf("hashparams = %q, want %q", got, want)
	}
	if got, want := cb.Get("hash"), tCallbackHash(cb, bank.Credentials().StoreKey, legacy); got == "" || got != want {
		t.Errorf("callback hash = %q, want %q", got, want)
	}
	var plain string
	for _, n := range strings.Split(cb.Get("hashparams"), ":") {
		plain += cb.Get(n)
	}
	if cb.Get("hashparamsval") != plain {
		t.Errorf("hashparamsval = %q, want %q", cb.Get("hashparamsval"), plain)
	}
}

func TestGateModels(t *testing.T) {
	for _, tc := range []struct {
		level   string
		outcome vpostest.ACSOutcome
		mdstatus, action, response,
		procreturncode string
		booked int
	}{
		{"3D", vpostest.ACSSuccess, "1", okURL, "", "", 0},
		{"3D", vpostest.ACSAttempt, "4", okURL, "", "", 0},
		{"3D", vpostest.ACSNotEnrolled, "2", okURL, "", "", 0},
		{"3D", vpostest.ACSFailure, "0", failURL, "", "", 0},
		{"3D_PAY", vpostest.ACSSuccess, "1", okURL, "Approved", "00", 1},
		{"3D_PAY", vpostest.ACSAttempt, "4", okURL, "Approved", "00", 1},
		{"3D_PAY", vpostest.ACSNotEnrolled, "2", okURL, "Approved", "00", 1},
		{"3D_PAY", vpostest.ACSFailure, "0", failURL, "", "", 0},
		{"3D_HALF", vpostest.ACSAttempt, "4", okURL, "Approved", "00", 1},
		{"3D_FULL", vpostest.ACSSuccess, "1", okURL, "Approved", "00", 1},
		{"3D_FULL", vpostest.ACSAttempt, "4", failURL, "", "", 0},
	} {
		t.Run(tc.level+"_"+string(tc.outcome), func(t *testing.T) {
			bank := garantitest.NewServer()
			defer bank.Close()
			card := bank.Cards().ThreeD
			cbForm := shop(t, newForm(bank, false, tc.level, "3D-ORDER-1", "15075", card), tc.outcome)
			cb := cbForm.Fields
			if cbForm.Action != tc.action {
				t.Errorf("callback posts to %s, want %s", cbForm.Action, tc.action)
			}
			verifyCallback(t, bank, cb, false)
			for name, want := range map[string]string{
				"mdstatus": tc.mdstatus, "response": tc.response, "procreturncode": tc.procreturncode,
				"oid": "3D-ORDER-1", "orderid": "3D-ORDER-1", "clientid": bank.Credentials().TerminalID,
				"txnamount": "15075", "txncurrencycode": "949", "txntype": "sales", "secure3dsecuritylevel": tc.level,
				"successurl": okURL, "MaskedPan": "40000099****0003", "apiversion": "512",
			} {
				if got := cb.Get(name); got != want {
					t.Errorf("callback %s = %q, want %q", name, got, want)
				}
			}
			for _, name := range []string{"md", "xid", "rnd", "hash", "secure3dhash"} {
				if cb.Get(name) == "" {
					t.Errorf("callback %s is empty", name)
				}
			}
			authenticated := tc.outcome != vpostest.ACSFailure
			if (cb.Get("cavv") != "") != authenticated || (cb.Get("eci") != "") != authenticated {
				t.Errorf("cavv %q eci %q, want set only after authentication", cb.Get("cavv"), cb.Get("eci"))
			}
			wantECI := map[string]string{"1": "05", "4": "06", "2": "06", "0": ""}[tc.mdstatus]
			if got := cb.Get("eci"); got != wantECI {
				t.Errorf("eci = %q, want %q (Visa)", got, wantECI)
			}
			pan := card.Normalize().Number
			for k, vs := range cb {
				for _, v := range vs {
					if strings.Contains(v, pan) || (k != "secure3dhash" && k != "hash" && v == card.CVV) || strings.HasPrefix(strings.ToLower(k), "card") {
						t.Errorf("callback field %s carries card data", k)
					}
				}
			}
			if got := bank.Ledger().Bookings(); got != tc.booked {
				t.Errorf("Bookings = %d, want %d", got, tc.booked)
			}
			if tc.booked == 1 {
				o, _ := bank.Ledger().Order("3D-ORDER-1")
				if cb.Get("hostrefnum") != o.RRN || cb.Get("authcode") != o.AuthCode || o.Amount != 15075 {
					t.Errorf("hostrefnum %q authcode %q, want the ledger's %s %s", cb.Get("hostrefnum"), cb.Get("authcode"), o.RRN, o.AuthCode)
				}
			}
		})
	}
}

func TestGate3DPayDeclines(t *testing.T) {
	bank := garantitest.NewServer()
	defer bank.Close()
	cards := bank.Cards()
	for _, tc := range []struct {
		name, order, amount string
		card                vpos.Card
		code, errmsg        string
	}{
		{"insufficient funds", "PAY-51", "15075", cards.InsufficientFunds, "51", "LIMIT YETERSIZ"},
		{"wrong cvv", "PAY-12", "15075", cards.InvalidCVV, "12", "CVC2/4CSC HATALI"},
		{"zero amount", "PAY-0", "0", cards.ThreeD, "92", "TxnAmount field must not be zero"},
	} {
		f := shop(t, newForm(bank, false, "3D_PAY", tc.order, tc.amount, tc.card), vpostest.ACSSuccess)
		cb := f.Fields
		verifyCallback(t, bank, cb, false)
		if f.Action != failURL || cb.Get("response") != "Declined" || cb.Get("procreturncode") != tc.code ||
			cb.Get("authcode") != " " || !strings.Contains(cb.Get("errmsg"), tc.errmsg) || cb.Get("hostmsg") == "" {
			t.Errorf("%s: action %s response %q procreturncode %q authcode %q errmsg %q hostmsg %q, want errorurl Declined %s ' ' %q",
				tc.name, f.Action, cb.Get("response"), cb.Get("procreturncode"), cb.Get("authcode"), cb.Get("errmsg"), cb.Get("hostmsg"), tc.code, tc.errmsg)
		}
	}
	if got := bank.Ledger().Bookings(); got != 0 {
		t.Errorf("Bookings = %d, want 0", got)
	}
	// A second 3D_PAY of an approved order is the duplicate answer.
	shop(t, newForm(bank, false, "3D_PAY", "PAY-OK", "100", cards.ThreeD), vpostest.ACSSuccess)
	cb := shop(t, newForm(bank, false, "3D_PAY", "PAY-OK", "100", cards.ThreeD), vpostest.ACSSuccess).Fields
	if cb.Get("procreturncode") != "92" || !strings.Contains(cb.Get("errmsg"), "0104") {
		t.Errorf("second 3D_PAY: procreturncode %q errmsg %q, want 92 / 0104", cb.Get("procreturncode"), cb.Get("errmsg"))
	}
	if got := bank.Ledger().Bookings(); got != 1 {
		t.Errorf("Bookings = %d, want 1", got)
	}
}

// provisionTx is the 3d-model provisioning request of garanti.md §4 for a
// callback.
func provisionTx(cb url.Values) *tx {
	return &tx{
		typ: cb.Get("txntype"), orderID: cb.Get("orderid"), amount: cb.Get("txnamount"), currency: cb.Get("txncurrencycode"),
		inst: cb.Get("txninstallmentcount"), cpc: "13", ip: cb.Get("customeripaddress"),
		cavv: cb.Get("cavv"), eci: cb.Get("eci"), xid: cb.Get("xid"), md: cb.Get("md"),
	}
}

func TestProvision3D(t *testing.T) {
	c := newClient(t)
	card := c.bank.Cards().ThreeD
	cb := shop(t, newForm(c.bank, false, "3D", "PROV-1", "15075", card), vpostest.ACSSuccess).Fields

	// Refusals first: none of them consumes the authentication.
	mod := func(f func(x *tx)) *tx { x := provisionTx(cb); f(x); return x }
	for _, tc := range []struct {
		name string
		x    *tx
		want string
	}{
		{"other amount", mod(func(x *tx) { x.amount = "15076" }), "92/0804"},
		{"other currency", mod(func(x *tx) { x.currency = "840" }), "92/0804"},
		{"other order", mod(func(x *tx) { x.orderID = "PROV-2" }), "92/0804"},
		{"other type", mod(func(x *tx) { x.typ = "preauth" }), "92/0804"},
		{"installments", mod(func(x *tx) { x.inst = "3" }), "92/0804"},
		{"other cavv", mod(func(x *tx) { x.cavv = "AAAAAAAAAAAAAAAAAAAAAAAAAAA=" }), "92/0804"},
		{"other eci", mod(func(x *tx) { x.eci = "07" }), "92/0804"},
		{"other xid", mod(func(x *tx) { x.xid = "00000000-0000-4000-8000-000000000000" }), "92/0804"},
		{"unknown md", mod(func(x *tx) { x.md = "bm90LWEtbWQ=" }), "92/0804"},
		{"present code 0", mod(func(x *tx) { x.cpc = "0" }), "92/0002"},
		{"no customer IP", mod(func(x *tx) { x.ip = "-" }), "92/0002"},
		{"bad hash", mod(func(x *tx) { x.badHash = true }), "92/0651"},
	} {
		if got := c.do(tc.x).code(); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.name, got, tc.want)
		}
	}
	if got := c.bank.Ledger().Bookings(); got != 0 {
		t.Fatalf("Bookings after refusals = %d, want 0", got)
	}

	r := c.do(provisionTx(cb))
	if got := r.code(); got != "00/00" {
		t.Fatalf("provisioning: got %s (%s), want 00/00", got, r.Transaction.Response.SysErrMsg)
	}
	if got, want := r.Transaction.CardNumberMasked, "40000099****0003"; got != want {
		t.Errorf("3D reply CardNumberMasked = %q, want %q", got, want)
	}
	// Reuse of the same authentication is refused.
	if got := c.do(provisionTx(cb)).code(); got != "92/0804" {
		t.Errorf("reused md: got %s, want 92/0804", got)
	}
	if got := c.bank.Ledger().Bookings(); got != 1 {
		t.Errorf("Bookings = %d, want 1", got)
	}
	// The report marks it 3D.
	day := r.Transaction.ProvDate[6:8] + "/" + r.Transaction.ProvDate[4:6] + "/" + r.Transaction.ProvDate[:4]
	l := c.do(&tx{typ: "orderlistinq", start: day + " 00:00", end: day + " 23:59"}).Order.OrderListInqResult.OrderTxnList.OrderTxn
	if len(l) != 1 || l[0].SafeType != "3D" {
		t.Errorf("orderlistinq rows %+v, want one with SafeType 3D", l)
	}

	// A failed authentication cannot be provisioned; a half-secure one can.
	failed := shop(t, newForm(c.bank, false, "3D", "PROV-F", "500", card), vpostest.ACSFailure).Fields
	if got := c.do(provisionTx(failed)).code(); got != "92/0804" {
		t.Errorf("provisioning after a failed authentication: got %s, want 92/0804", got)
	}
	half := shop(t, newForm(c.bank, false, "3D", "PROV-H", "500", card), vpostest.ACSAttempt).Fields
	if got := c.do(provisionTx(half)).code(); got != "00/00" {
		t.Errorf("provisioning after an attempt: got %s, want 00/00", got)
	}
	// The card book's outcome applies at provisioning.
	declined := shop(t, newForm(c.bank, false, "3D", "PROV-D", "500", c.bank.Cards().InvalidCVV), vpostest.ACSSuccess).Fields
	r = c.do(provisionTx(declined))
	if got := r.code(); got != "12/12" || r.Transaction.Response.SysErrMsg != "CVC2/4CSC HATALI" {
		t.Errorf("provisioning with the invalid-CVV card: got %s %q, want 12/12 CVC2/4CSC HATALI", got, r.Transaction.Response.SysErrMsg)
	}
	if got := c.do(provisionTx(declined)).code(); got != "92/0804" {
		t.Errorf("reuse after a decline: got %s, want 92/0804", got)
	}
}

func TestGateRefusals(t *testing.T) {
	bank := garantitest.NewServer()
	defer bank.Close()
	card := bank.Cards().ThreeD
	for _, tc := range []struct {
		name   string
		edit   func(f url.Values)
		resign bool
		mdErr  string
	}{
		{"bad hash", func(f url.Values) { f.Set("secure3dhash", strings.Repeat("A", 128)) }, false, "0122"},
		{"amount changed after signing", func(f url.Values) { f.Set("txnamount", "1") }, false, "0122"},
		{"currency left out of the hash", func(f url.Values) {
			f.Set("secure3dhash", tSHA512(f.Get("terminalid")+f.Get("orderid")+f.Get("txnamount")+f.Get("successurl")+f.Get("errorurl")+
				f.Get("txntype")+f.Get("txninstallmentcount")+bank.Credentials().StoreKey+tSecurityData(bank.Credentials().ProvPassword, f.Get("terminalid"))))
		}, false, "0122"},
		{"legacy apiversion", func(f url.Values) { f.Set("apiversion", "v0.01") }, true, "0122"},
		{"unknown terminal", func(f url.Values) { f.Set("terminalid", "30691299") }, true, "0752"},
		{"refund user", func(f url.Values) { f.Set("terminalprovuserid", "PROVRFN") }, true, "0651"},
		{"bad card number", func(f url.Values) { f.Set("cardnumber", "4000009999030004") }, false, "0002"},
		{"unknown level", func(f url.Values) { f.Set("secure3dsecuritylevel", "4D") }, false, "0002"},
	} {
		form := newForm(bank, false, "3D_PAY", "GATE-1", "100", card)
		tc.edit(form.Fields)
		if tc.resign {
			sign(bank, form.Fields, false)
		}
		f := shop(t, form, vpostest.ACSSuccess)
		cb := f.Fields
		if f.Action != failURL || cb.Get("mdstatus") != "7" || cb.Get("response") != "Error" || cb.Get("procreturncode") != "99" || cb.Get("mderrormessage") != tc.mdErr {
			t.Errorf("%s: action %s mdstatus %q response %q procreturncode %q mderrormessage %q, want errorurl 7 Error 99 %s",
				tc.name, f.Action, cb.Get("mdstatus"), cb.Get("response"), cb.Get("procreturncode"), cb.Get("mderrormessage"), tc.mdErr)
		}
		for _, name := range []string{"hash", "hashparams", "md", "cavv", "eci", "cardnumber", "cardcvv2"} {
			if _, ok := cb[name]; ok {
				t.Errorf("%s: refusal carries %s", tc.name, name)
			}
		}
	}
	if got := bank.Requests("acs"); got != 0 {
		t.Errorf("ACS requests = %d, want 0: refused forms never reach the ACS", got)
	}
	// Forms the gate cannot answer at all.
	for _, tc := range []struct {
		name string
		edit func(f url.Values)
		want int
	}{
		{"no errorurl", func(f url.Values) { f.Del("errorurl") }, http.StatusBadRequest},
		{"common payment page", func(f url.Values) { f.Set("secure3dsecuritylevel", "3D_OOS_PAY") }, http.StatusNotImplemented},
	} {
		form := newForm(bank, false, "3D_PAY", "GATE-2", "100", card)
		tc.edit(form.Fields)
		resp, err := http.PostForm(form.Action, form.Fields)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.want {
			t.Errorf("%s: status %d, want %d", tc.name, resp.StatusCode, tc.want)
		}
	}
	if got := bank.Ledger().Bookings(); got != 0 {
		t.Errorf("Bookings = %d, want 0", got)
	}
}

func TestGateLegacy(t *testing.T) {
	bank := garantitest.NewServer(garantitest.WithLegacyHash())
	defer bank.Close()
	card := bank.Cards().ThreeD
	f := shop(t, newForm(bank, true, "3D_PAY", "LEG-3D", "10025", card), vpostest.ACSSuccess)
	verifyCallback(t, bank, f.Fields, true)
	if f.Action != okURL || f.Fields.Get("procreturncode") != "00" {
		t.Errorf("legacy 3D_PAY: action %s procreturncode %q, want okurl 00", f.Action, f.Fields.Get("procreturncode"))
	}
	// A v512 form is refused by a legacy terminal.
	g := shop(t, newForm(bank, false, "3D_PAY", "LEG-3D-2", "10025", card), vpostest.ACSSuccess)
	if g.Fields.Get("mdstatus") != "7" {
		t.Errorf("v512 form to a legacy terminal: mdstatus %q, want 7", g.Fields.Get("mdstatus"))
	}
	// 3D model and its provisioning, all SHA-1.
	c := &client{t: t, bank: bank, legacy: true, http: bank.HTTPClient()}
	cb := shop(t, newForm(bank, true, "3D", "LEG-3D-3", "500", card), vpostest.ACSSuccess).Fields
	verifyCallback(t, bank, cb, true)
	if got := c.do(provisionTx(cb)).code(); got != "00/00" {
		t.Errorf("legacy provisioning: got %s, want 00/00", got)
	}
}

func TestBadCallbackSignatureFault(t *testing.T) {
	bank := garantitest.NewServer()
	defer bank.Close()
	card := bank.Cards().ThreeD
	bank.Faults().Arm(vpostest.FaultBadCallbackSignature)
	cb := shop(t, newForm(bank, false, "3D", "FAULT-1", "100", card), vpostest.ACSSuccess).Fields
	if cb.Get("hash") == tCallbackHash(cb, bank.Credentials().StoreKey, false) {
		t.Errorf("callback signed correctly while FaultBadCallbackSignature was armed")
	}
	cb = shop(t, newForm(bank, false, "3D", "FAULT-2", "100", card), vpostest.ACSSuccess).Fields
	verifyCallback(t, bank, cb, false) // the fault fires once
}

func TestServerACS(t *testing.T) {
	bank := garantitest.NewServer()
	defer bank.Close()
	cb, err := bank.ACS(context.Background(), newForm(bank, false, "3D_PAY", "ACS-1", "2500", bank.Cards().ThreeD), vpostest.ACSSuccess)
	if err != nil {
		t.Fatal(err)
	}
	verifyCallback(t, bank, cb, false)
	if cb.Get("procreturncode") != "00" || bank.Ledger().Bookings() != 1 {
		t.Errorf("ACS: procreturncode %q bookings %d, want 00 and 1", cb.Get("procreturncode"), bank.Ledger().Bookings())
	}
	if got := bank.Requests("gate") + bank.Requests("acs"); got != 2 {
		t.Errorf("gate and ACS requests = %d, want 2", got)
	}
}

func TestSignCallbackAndUnsignedFields(t *testing.T) {
	bank := garantitest.NewServer()
	defer bank.Close()
	form := newForm(bank, false, "3D", "SIGN-1", "100", bank.Cards().ThreeD)
	form.Fields.Set("companyname", "Örnek Mağaza") // an extra field the gate echoes
	sign(bank, form.Fields, false)
	cb, err := bank.ACS(context.Background(), form, vpostest.ACSSuccess)
	if err != nil {
		t.Fatal(err)
	}
	forged := url.Values{}
	for k, v := range cb {
		forged[k] = slices.Clone(v)
	}
	forged.Set("mdstatus", "1")
	forged.Set("oid", "FORGED")
	signed := bank.SignCallback(forged)
	verifyCallback(t, bank, signed, false)
	if forged.Get("hash") != cb.Get("hash") {
		t.Errorf("SignCallback changed its argument")
	}
	unsigned := bank.UnsignedCallbackFields()
	if !slices.IsSorted(unsigned) {
		t.Errorf("UnsignedCallbackFields not sorted: %v", unsigned)
	}
	for _, name := range []string{"txnamount", "txncurrencycode", "orderid", "xid", "hashparamsval", "MaskedPan", "secure3dhash", "companyname"} {
		if !slices.Contains(unsigned, name) {
			t.Errorf("UnsignedCallbackFields lacks %s", name)
		}
	}
	for _, name := range []string{"clientid", "oid", "authcode", "procreturncode", "response", "mdstatus", "cavv", "eci", "md", "rnd", "hash", "hashparams"} {
		if slices.Contains(unsigned, name) {
			t.Errorf("UnsignedCallbackFields holds the signed field %s", name)
		}
	}
	// Every field of a real callback is either signed or listed.
	for name := range cb {
		signed := strings.Contains(cb.Get("hashparams"), name+":") || name == "hash" || name == "hashparams"
		if !signed && !slices.Contains(unsigned, name) {
			t.Errorf("callback field %s is neither signed nor in UnsignedCallbackFields", name)
		}
	}
}

// Mastercard authentications carry ECI 02 (full) and 01 (attempt).
func TestGateMastercardECI(t *testing.T) {
	cards := vpostest.DefaultCards(time.Now())
	cards.ThreeD.Number = "5406675406675403"
	bank := garantitest.NewServer(garantitest.WithCards(cards))
	defer bank.Close()
	for i, tc := range []struct {
		outcome vpostest.ACSOutcome
		eci     string
	}{{vpostest.ACSSuccess, "02"}, {vpostest.ACSAttempt, "01"}, {vpostest.ACSFailure, ""}} {
		cb := shop(t, newForm(bank, false, "3D", fmt.Sprintf("MC-%d", i), "100", cards.ThreeD), tc.outcome).Fields
		if got := cb.Get("eci"); got != tc.eci {
			t.Errorf("%s: eci = %q, want %q", tc.outcome, got, tc.eci)
		}
		if got, want := cb.Get("MaskedPan"), "54066754****5403"; got != want {
			t.Errorf("MaskedPan = %q, want %q", got, want)
		}
	}
}
