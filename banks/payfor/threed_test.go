package payfor

import (
	"errors"
	"net/http"
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
		OkURL: "https://shop.example.com.tr/ok", FailURL: "https://shop.example.com.tr/fail", Lang: "en",
		CustomerName: "Çağrı Öztürk",
	}
	if !m.CardOnBankPage() {
		r.Card = testCard()
	}
	return r
}

func TestBegin3D(t *testing.T) {
	for _, m := range []threed.Model{threed.Model3D, threed.Model3DPay, threed.Model3DHost} {
		t.Run(string(m), func(t *testing.T) {
			p := newMockBank(t, testConfig(), fixed(t, "approved.xml")).p
			req := threeDReq(m)
			req.PreAuth = m == threed.Model3DPay
			form, err := p.Begin3D(t.Context(), req)
			if err != nil {
				t.Fatal(err)
			}
			wantAction := testGate
			if m == threed.Model3DHost {
				wantAction = testHosted
			}
			if form.Action != wantAction || form.Method != http.MethodPost {
				t.Errorf("form %s %s, want POST %s", form.Method, form.Action, wantAction)
			}
			txn := "Auth"
			if req.PreAuth {
				txn = "PreAuth"
			}
			want := map[string]string{
				"MbrId": "5", "MerchantID": docMerchantID, "UserCode": docUserCode, "SecureType": payforModels[m],
				"TxnType": txn, "InstallmentCount": "3", "Currency": "949", "OkUrl": req.OkURL, "FailUrl": req.FailURL,
				"OrderId": "ORDER-3D", "OrgOrderId": "", "PurchAmount": "150.75", "Lang": "en", "Rnd": "0.43625700 1604831630",
			}
			if !m.CardOnBankPage() {
				want["CardHolderName"], want["Pan"], want["Expiry"], want["Cvv2"] = "John Doe", "4155650100416111", "0130", "123"
			}
			for k, v := range want {
				if got, ok := form.Fields[k]; !ok || got[0] != v {
					t.Errorf("field %s = %q, want %q", k, got, v)
				}
			}
			if len(form.Fields) != len(want)+1 {
				t.Errorf("form has %d fields, want %d: %v", len(form.Fields), len(want)+1, form.Fields)
			}
			if got := form.Fields.Get("Hash"); got != requestHash(form.Fields, docMerchantPass) {
				t.Errorf("Hash = %q", got)
			}
			if strings.Contains(form.HTML(), docUserPass) || form.Fields.Has("UserPass") {
				t.Errorf("the form carries UserPass")
			}
			if err := form.Validate(); err != nil {
				t.Errorf("form.Validate: %v", err)
			}
		})
	}
}

func TestBegin3DRefusals(t *testing.T) {
	noHost := testConfig()
	noHost.Endpoint.HostedGate3D = ""
	only3D := testConfig()
	only3D.Models = []threed.Model{threed.Model3D}
	tests := []struct {
		name string
		cfg  Config
		edit func(*vpos.ThreeDRequest)
		code vpos.ErrorCode
	}{
		{"3d_host without a hosted gate", noHost, func(r *vpos.ThreeDRequest) { *r = *threeDReq(threed.Model3DHost) }, vpos.Unsupported},
		{"3d_pay not offered", only3D, func(r *vpos.ThreeDRequest) { r.Model = threed.Model3DPay }, vpos.Unsupported},
		{"3d_pay_hosting", testConfig(), func(r *vpos.ThreeDRequest) { r.Model = threed.Model3DPayHosting }, vpos.Unsupported},
		{"no card", testConfig(), func(r *vpos.ThreeDRequest) { r.Card = vpos.Card{} }, vpos.InvalidRequest},
		{"no OkURL", testConfig(), func(r *vpos.ThreeDRequest) { r.OkURL = "" }, vpos.InvalidRequest},
		{"long order id", testConfig(), func(r *vpos.ThreeDRequest) { r.OrderID = strings.Repeat("9", 51) }, vpos.InvalidRequest},
		{"zero amount", testConfig(), func(r *vpos.ThreeDRequest) { r.Amount = 0 }, vpos.InvalidRequest},
	}
	for _, tt := range tests {
		p := newMockBank(t, tt.cfg, fixed(t, "approved.xml")).p
		req := threeDReq(threed.Model3D)
		tt.edit(req)
		_, err := p.Begin3D(t.Context(), req)
		if vpos.CodeOf(err) != tt.code {
			t.Errorf("%s: got %v, want %s", tt.name, err, tt.code)
		}
	}
	// The default model comes first in Features and is used when none is named.
	cfg := testConfig()
	cfg.DefaultModel = threed.Model3DPay
	p := newMockBank(t, cfg, fixed(t, "approved.xml")).p
	req := threeDReq("")
	form, err := p.Begin3D(t.Context(), req)
	if err != nil || form.Fields.Get("SecureType") != "3DPay" {
		t.Errorf("default model: %v, %v", form, err)
	}
}

// capture3DPay is the 3DPay success callback of payfor.md §12.3 as the
// bank posted it (the non-empty values, and some of the empty ones), with
// its genuine ResponseHash.
func capture3DPay() url.Values {
	f := url.Values{}
	for _, kv := range [][2]string{
		{"RequestGuid", "1000000081255944"}, {"TransactionDate", "31.10.2022 22:56:43"}, {"MbrId", "5"},
		{"MerchantID", docMerchantID}, {"OrderId", "2022103114B3"}, {"RequestIp", ""}, {"RequestStat", "1,3,10,5"},
		{"SecureType", "3DPay"}, {"PurchAmount", "1.01"}, {"Exponent", "2"}, {"Currency", "949"}, {"Description", ""},
		{"OkUrl", "http://localhost/finansbank-payfor/3d-pay/response.php"},
		{"FailUrl", "http://localhost/finansbank-payfor/3d-pay/response.php"},
		{"PayerTxnId", "MjAyMjEwMzEyMjU2Mzg2MzgwMjg="}, {"PayerAuthenticationCode", "AAABASI0Q4AoU4AomDRDAAAAAAA="},
		{"Eci", "05"}, {"MD", ""}, {"Hash", "hIAXn1RVMJeQJbHtygKzdHE6kWk="}, {"TerminalID", "VS010481"}, {"TxnType", "Auth"},
		{"OrgOrderId", ""}, {"SubMerchantCode", ""}, {"recur_frequency", ""}, {"recur_expiry", ""}, {"CardType", "V"},
		{"Lang", "tr"}, {"BonusAmount", ""}, {"InstallmentCount", "2"}, {"Rnd", "a7f8f2d2c9a9e2b0d1f6a3b4"},
		{"AlphaCode", "TL"}, {"Ecommerce", "1"}, {"MrcCountryCode", "792"}, {"MrcName", "3D PAY TEST ISYERI"},
		{"MerchantHomeUrl", ""}, {"CardHolderName", "John Doe"}, {"IrcDet", ""}, {"IrcCode", ""}, {"Version", "1.0.2"},
		{"TxnStatus", "Y"}, {"CavvAlg", "2"}, {"ParesVerified", "true"}, {"ParesSyntaxOk", "true"}, {"ErrMsg", "Onaylandı"},
		{"VendorDet", ""}, {"D3Stat", "Y"}, {"3DStatus", "1"}, {"TxnResult", "Success"}, {"AuthCode", "S86797"},
		{"HostRefNum", "230422100150"}, {"ProcReturnCode", "00"}, {"ReturnUrl", "http://localhost/finansbank-payfor/3d-pay/response.php"},
		{"ErrorData", ""}, {"BatchNo", "4320"}, {"VoidDate", ""}, {"CardMask", "415565******6111"}, {"ReqId", "26784792"},
		{"UsedPoint", "0"}, {"SrcType", "VPO"}, {"RefundedAmount", "0"}, {"RefundedPoint", "0"}, {"ReqDate", "20221031"},
		{"SysDate", "20221031"}, {"F11", "100150"}, {"F37", "230422100150"}, {"RRN", "230422100150"}, {"IsRepeatTxn", "False"},
		{"DsBrand", "V"}, {"ResponseRnd", "PF638028538035077529"}, {"ResponseHash", "il/SWNG2llQkLgnCbUG6lPYtlgM="},
		{"BankInternalResponseCode", ""}, {"BankInternalResponseMessage", ""}, {"VoidTime", "0"}, {"Is3DHost", "False"},
		{"HashType", "Sha1"},
	} {
		f.Set(kv[0], kv[1])
	}
	return f
}

func TestParseCallbackCapture(t *testing.T) {
	p := newMockBank(t, testConfig(), fixed(t, "approved.xml")).p
	cb, err := p.ParseCallback(t.Context(), capture3DPay())
	if err != nil {
		t.Fatal(err)
	}
	if cb.OrderID != "2022103114B3" || cb.Amount != 101 || cb.Currency != vpos.TRY || cb.Model != threed.Model3DPay ||
		cb.Status != threed.StatusAuthenticated || cb.MDStatus != "1" || cb.ECI != "05" || cb.MerchantProvisions {
		t.Errorf("callback = %+v", cb)
	}
}

func TestParseCallbackRefusals(t *testing.T) {
	p := newMockBank(t, testConfig(), fixed(t, "approved.xml")).p
	cfg := testConfig()
	resign := func(edit func(url.Values)) func(url.Values) {
		return func(f url.Values) {
			edit(f)
			signed := cfg.SignCallback(f)
			for k := range f {
				delete(f, k)
			}
			for k, v := range signed {
				f[k] = v
			}
		}
	}
	tests := []struct {
		name string
		edit func(url.Values)
	}{
		// Signed fields.
		{"OrderId changed", func(f url.Values) { f.Set("OrderId", "2022103114B4") }},
		{"ProcReturnCode changed", func(f url.Values) { f.Set("ProcReturnCode", "05") }},
		{"AuthCode changed", func(f url.Values) { f.Set("AuthCode", "S86798") }},
		{"3DStatus changed", func(f url.Values) { f.Set("3DStatus", "2") }},
		{"ResponseRnd changed", func(f url.Values) { f.Set("ResponseRnd", "PF638028538035077520") }},
		{"ResponseHash changed", func(f url.Values) { f.Set("ResponseHash", "il/SWNG2llQkLgnCbUG6lPYtlgN=") }},
		{"ResponseHash missing", func(f url.Values) { f.Del("ResponseHash") }},
		{"ResponseHash empty", func(f url.Values) { f.Set("ResponseHash", "") }},
		{"HashType unknown", func(f url.Values) { f.Set("HashType", "Sha2") }},
		{"field twice", func(f url.Values) { f.Add("PurchAmount", "1.01") }},
		// Checked, though unsigned.
		{"MerchantID changed", func(f url.Values) { f.Set("MerchantID", "085300000009705") }},
		{"MbrId changed", func(f url.Values) { f.Set("MbrId", "12") }},
		{"SecureType unknown", func(f url.Values) { f.Set("SecureType", "3DPaz") }},
		{"PurchAmount emptied", func(f url.Values) { f.Set("PurchAmount", "") }},
		{"PurchAmount unreadable", func(f url.Values) { f.Set("PurchAmount", "1.0x") }},
		{"Currency removed", func(f url.Values) { f.Del("Currency") }},
		{"Currency unknown", func(f url.Values) { f.Set("Currency", "950") }},
		{"MerchantID removed", func(f url.Values) { f.Del("MerchantID") }},
		{"MerchantID emptied in a success", func(f url.Values) { f.Set("MerchantID", "") }},
		// Well signed, but incomplete.
		{"no OrderId", resign(func(f url.Values) { f.Del("OrderId") })},
		{"empty AuthCode removed after signing", func(f url.Values) {
			f.Set("AuthCode", "")
			resign(func(url.Values) {})(f)
			f.Del("AuthCode")
		}},
		{"3DModel without RequestGuid", resign(func(f url.Values) {
			f.Set("SecureType", "3DModel")
			f.Set("ProcReturnCode", "V033")
			f.Set("RequestGuid", "0")
		})},
	}
	for _, tt := range tests {
		f := capture3DPay()
		tt.edit(f)
		_, err := p.ParseCallback(t.Context(), f)
		if !errors.Is(err, vpos.ErrInvalidCallback) {
			t.Errorf("%s: got %v, want ErrInvalidCallback", tt.name, err)
		}
		if err != nil && strings.Contains(err.Error(), docMerchantPass) {
			t.Errorf("%s: the error names the merchant pass", tt.name)
		}
	}
	// The bank's duplicate-order callback: everything but the signed
	// result empty (payfor.md §12.3). It is well signed and accepted.
	dup := url.Values{"RequestGuid": {"0"}, "MbrId": {""}, "MerchantID": {""}, "OrderId": {"202403173F72"},
		"SecureType": {""}, "PurchAmount": {""}, "Currency": {""}, "3DStatus": {"-1"}, "ProcReturnCode": {"101310"},
		"AuthCode": {""}, "ResponseRnd": {"PF638462944484307452"},
		"ResponseHash": {"wWLUtYZD9VUIi9Pl3mAyS02LLsUxWy6lauMfFBiuVDw="}}
	cb, err := p.ParseCallback(t.Context(), dup)
	if err != nil || cb.Amount != 0 || cb.Currency != "" || cb.Model != "" || cb.Status != threed.StatusFailed {
		t.Errorf("duplicate-order callback: %+v, %v", cb, err)
	}
}

func TestBindCallback(t *testing.T) {
	p := newMockBank(t, testConfig(), fixed(t, "approved.xml")).p
	cb, err := p.ParseCallback(t.Context(), capture3DPay())
	if err != nil {
		t.Fatal(err)
	}
	pending := &vpos.Pending3D{OrderID: "2022103114B3", Amount: 101, Currency: vpos.TRY, Installments: 2, Model: threed.Model3DPay}
	if err := p.BindCallback(t.Context(), cb, pending); err != nil {
		t.Errorf("genuine callback: %v", err)
	}
	for name, pd := range map[string]vpos.Pending3D{
		"pre-auth started":   {Installments: 2, PreAuth: true},
		"single payment":     {Installments: 0},
		"other installments": {Installments: 3},
	} {
		if err := p.BindCallback(t.Context(), cb, &pd); !errors.Is(err, vpos.ErrInvalidCallback) {
			t.Errorf("%s: got %v, want ErrInvalidCallback", name, err)
		}
	}
	cb.Fields.Set("InstallmentCount", "x")
	if err := p.BindCallback(t.Context(), cb, pending); !errors.Is(err, vpos.ErrInvalidCallback) {
		t.Errorf("unreadable InstallmentCount: %v", err)
	}
	cb.Fields.Set("InstallmentCount", "0")
	if err := p.BindCallback(t.Context(), cb, &vpos.Pending3D{Installments: 1}); err != nil {
		t.Errorf("0 against a single payment: %v", err)
	}
}

func TestThreeDStatus(t *testing.T) {
	for v, want := range map[string]threed.Status{
		"1": threed.StatusAuthenticated, "2": threed.StatusAttempted, "3": threed.StatusAttempted, "4": threed.StatusAttempted,
		"-1": threed.StatusFailed, "0": threed.StatusFailed, "": threed.StatusError, "9": threed.StatusError,
	} {
		if got := threeDStatus(v); got != want {
			t.Errorf("threeDStatus(%q) = %s, want %s", v, got, want)
		}
	}
}

// TestComplete3DCapture completes the §12.3 capture: approved from the
// callback, confirmed by an OrderInquiry.
func TestComplete3DCapture(t *testing.T) {
	inquiry := withOrder(sample(t, "inquiry_sale.xml"), "2022103114B3")
	m := newMockBank(t, testConfig(), func(string) (int, []byte) { return http.StatusOK, inquiry })
	cb, err := m.p.ParseCallback(t.Context(), capture3DPay())
	if err != nil {
		t.Fatal(err)
	}
	pending := &vpos.Pending3D{OrderID: "2022103114B3", Amount: 101, Currency: vpos.TRY, Installments: 2, Model: threed.Model3DPay}
	res, err := m.p.Complete3D(t.Context(), cb, pending)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Approved || res.Status != vpos.StatusApproved || res.Return != returncodes.Approved || res.Amount != 101 ||
		res.Currency != vpos.TRY || res.Installments != 2 || res.AuthCode == "" || res.RRN == "" ||
		res.ThreeD == nil || res.ThreeD.Model != threed.Model3DPay || res.ThreeD.ECI != "05" ||
		res.Extra["confirmed_by"] != "order_inquiry" || res.MaskedPAN != "415565******6111" {
		t.Errorf("Result = %+v", res)
	}
	if got := m.bodies(); len(got) != 1 || kind(got[0]) != txnOrderInquiry {
		t.Errorf("requests = %v, want one OrderInquiry", got)
	}
}

// TestComplete3DNoAnswer: callbacks that do not say whether money moved
// are unknown outcomes (the Client settles them with Status), never
// approvals or declines, and nothing is sent.
func TestComplete3DNoAnswer(t *testing.T) {
	m := newMockBank(t, testConfig(), func(string) (int, []byte) {
		t.Errorf("a request was sent")
		return 500, nil
	})
	cfg := testConfig()
	for name, tc := range map[string]struct {
		model  threed.Model
		fields url.Values
	}{
		"3d_pay authenticated without code": {threed.Model3DPay, url.Values{"3DStatus": {"1"}}},
		"3d_pay with V033":                  {threed.Model3DPay, url.Values{"3DStatus": {"1"}, "ProcReturnCode": {"V033"}}},
		"3DModel with 00":                   {threed.Model3D, url.Values{"3DStatus": {"1"}, "ProcReturnCode": {"00"}, "RequestGuid": {"1"}}},
	} {
		f := tc.fields
		f.Set("OrderId", "O-1")
		f.Set("PurchAmount", "1.01")
		f.Set("Currency", "949")
		f.Set("SecureType", payforModels[tc.model])
		cb, err := m.p.ParseCallback(t.Context(), cfg.SignCallback(f))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		res, err := m.p.Complete3D(t.Context(), cb, &vpos.Pending3D{OrderID: "O-1", Amount: 101, Currency: vpos.TRY, Model: tc.model})
		if !errors.Is(err, vpos.ErrUnknownOutcome) {
			t.Errorf("%s: got %+v, %v; want ErrUnknownOutcome", name, res, err)
		}
	}
	// A 3DModel callback with a failure code is declined without a request.
	f := cfg.SignCallback(url.Values{"OrderId": {"O-1"}, "SecureType": {"3DModel"}, "3DStatus": {"1"}, "ProcReturnCode": {"05"},
		"RequestGuid": {"1"}, "PurchAmount": {"1.01"}, "Currency": {"949"}})
	cb, err := m.p.ParseCallback(t.Context(), f)
	if err != nil {
		t.Fatal(err)
	}
	res, err := m.p.Complete3D(t.Context(), cb, &vpos.Pending3D{OrderID: "O-1", Amount: 101, Currency: vpos.TRY, Model: threed.Model3D})
	if err != nil || res.Approved || res.Return != returncodes.DoNotHonor || res.Amount != 101 {
		t.Errorf("3DModel with 05: %+v, %v", res, err)
	}
}
