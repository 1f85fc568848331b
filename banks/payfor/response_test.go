package payfor

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/returncodes"
)

// TestPaymentReplies reads the complete replies of payfor.md §12.2.
func TestPaymentReplies(t *testing.T) {
	tests := []struct {
		sample   string
		order    string
		approved bool
		ret      returncodes.Code
		code     string
		message  string
		auth     string
		rrn      string
	}{
		{"approved.xml", "20230917EF0E", true, returncodes.Approved, "00", "", "S31432", "326011208369"},
		{"void_approved.xml", "2022103130CB", true, returncodes.Approved, "00", "", "S05229", "230423103898"},
		{"invalid_card_m041.xml", "20221030B4E8", false, returncodes.InvalidCard, "M041", "Geçersiz kart numarası", "", "230422096719"},
		{"not_found_v013.xml", "2022103008A3", false, returncodes.NotFound, "V013", "Seçili İşlem Bulunamadı!", "", "230423103899"},
		{"refund_same_day_v014.xml", "202401212A22", false, returncodes.InvalidTransactionState, "V014",
			"Bu işlem geri alınamaz, lüften asıl işlemi iptal edin.", "", "402121255672"},
		{"refund_over_v015.xml", "20240119A1B2", false, returncodes.InvalidTransactionState, "V015", "İade tutarı asıl işlem tutarından büyük olamaz.", "", "230423103900"},
		{"void_twice_v017.xml", "2022103130CB", false, returncodes.InvalidTransactionState, "V017", "İşlem daha önce iptal edilmiş.", "", "230423103900"},
		{"issuer_decline_51.xml", "20221030B4E9", false, returncodes.InsufficientFunds, "51", "Yetersiz bakiye", "", "230422096720"},
		{"auth_error_v004.xml", "ANY-ORDER", false, returncodes.AuthError, "V004", "Kullanıcı doğrulanamadı", "", ""},
		{"duplicate_101310.xml", "202403173F72", false, returncodes.DuplicateOrder, "101310", "Verilen sipariş no önceden kullanılmıştır.", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.sample, func(t *testing.T) {
			m := newMockBank(t, testConfig(), fixed(t, tt.sample))
			p := m.p
			f, err := parseReply(sample(t, tt.sample))
			if err != nil {
				t.Fatal(err)
			}
			if err := checkPayment(f, tt.order); err != nil {
				t.Fatalf("checkPayment: %v", err)
			}
			res := p.result(vpos.OpSale, tt.order, f)
			if res.Approved != tt.approved || res.Return != tt.ret || res.BankCode != tt.code ||
				res.BankMessage != tt.message || res.AuthCode != tt.auth || res.RRN != tt.rrn || res.TransactionID != tt.rrn {
				t.Errorf("got Approved=%v Return=%s BankCode=%q BankMessage=%q AuthCode=%q RRN=%q TransactionID=%q",
					res.Approved, res.Return, res.BankCode, res.BankMessage, res.AuthCode, res.RRN, res.TransactionID)
			}
			wantStatus := vpos.StatusDeclined
			if tt.approved {
				wantStatus = vpos.StatusApproved
			}
			if res.Status != wantStatus || !res.Time.Equal(testNow) {
				t.Errorf("Status = %q, Time = %v", res.Status, res.Time)
			}
			if f.get("TransId") != "" && checkPayment(f, "another-order") == nil {
				t.Errorf("a reply for %s was accepted for another order", tt.order)
			}
		})
	}
}

func TestUnusableReplies(t *testing.T) {
	approved := string(sample(t, "approved.xml"))
	for name, body := range map[string]string{
		"empty":                      "",
		"html":                       "<html><body>Service Unavailable</body></html>",
		"text reply":                 "ProcReturnCode=00;;AuthCode=S31432",
		"other root":                 "<CC5Response><ProcReturnCode>00</ProcReturnCode></CC5Response>",
		"no ProcReturnCode":          "<PayforResponse><AuthCode>S1</AuthCode></PayforResponse>",
		"Success with 05":            strings.Replace(approved, "<ProcReturnCode>00", "<TxnResult>Success</TxnResult><ProcReturnCode>05", 1),
		"Failed with 00":             strings.Replace(approved, "<ProcReturnCode>00", "<TxnResult>Failed</TxnResult><ProcReturnCode>00", 1),
		"two ProcReturnCodes":        strings.Replace(approved, "<ProcReturnCode>00</ProcReturnCode>", "<ProcReturnCode>00</ProcReturnCode><ProcReturnCode>05</ProcReturnCode>", 1),
		"truncated":                  approved[:len(approved)/2],
		"another order (TransId)":    strings.Replace(approved, "20230917EF0E", "20230917EF0F", 1),
		"two roots":                  "<PayforResponse/><PayforResponse/>",
		"ProcReturnCode with spaces": "<PayforResponse><ProcReturnCode>  </ProcReturnCode></PayforResponse>",
	} {
		f, err := parseReply([]byte(body))
		if err == nil {
			err = checkPayment(f, "20230917EF0E")
		}
		if !errors.Is(err, errMalformed) {
			t.Errorf("%s: got %v, want errMalformed", name, err)
		}
	}
	// The same element twice with the same value, and CDATA, are fine.
	body := strings.Replace(approved, "<AuthCode>S31432</AuthCode>", "<AuthCode><![CDATA[S31432]]></AuthCode><AuthCode>S31432</AuthCode>", 1)
	f, err := parseReply([]byte(body))
	if err != nil || f.get("AuthCode") != "S31432" || f.get("ErrMsg") != "Onaylandı" {
		t.Errorf("got %v, %v", f, err)
	}
}

// TestInquiryReplies reads the OrderInquiry replies of payfor.md §12.4 for
// each order story.
func TestInquiryReplies(t *testing.T) {
	tests := []struct {
		sample, order      string
		status             vpos.TxStatus
		approved           bool
		ret                returncodes.Code
		amount, captured   vpos.Amount
		refunded           vpos.Amount
		authCode, rrn, txn string
		installments       int
		time               time.Time
	}{
		{sample: "inquiry_sale.xml", order: "202210312A4B", status: vpos.StatusApproved, approved: true, ret: returncodes.Approved,
			amount: 101, captured: 101, authCode: "S90370", rrn: "230423101605", txn: "Auth",
			time: time.Date(2022, 10, 31, 23, 13, 21, 0, vpos.Istanbul())},
		{sample: "inquiry_preauth.xml", order: "20221031B7C1", status: vpos.StatusApproved, approved: true, ret: returncodes.Approved,
			amount: 201, captured: 0, authCode: "S90411", rrn: "230423101610", txn: "PreAuth", installments: 3},
		{sample: "inquiry_postauth.xml", order: "20221031B7C1", status: vpos.StatusApproved, approved: true, ret: returncodes.Approved,
			amount: 203, captured: 203, authCode: "S90502", rrn: "230423101622", txn: "PostAuth", installments: 3},
		{sample: "inquiry_sale_voided.xml", order: "20240119D9E0", status: vpos.StatusVoided, approved: true, ret: returncodes.Approved,
			amount: 101, authCode: "S71234", rrn: "401921250011", txn: "Auth"},
		{sample: "inquiry_preauth_voided.xml", order: "20240119D9E1", status: vpos.StatusVoided, approved: true, ret: returncodes.Approved,
			amount: 101, authCode: "S71240", rrn: "401921250015", txn: "PreAuth"},
		{sample: "inquiry_refunded_partial.xml", order: "20240119A1B2", status: vpos.StatusPartiallyRefunded, approved: true,
			ret: returncodes.Approved, amount: 4000, captured: 4000, refunded: 1500, authCode: "S71300", rrn: "401910250020", txn: "Auth"},
		{sample: "inquiry_refunded_full.xml", order: "20240119A1B3", status: vpos.StatusRefunded, approved: true,
			ret: returncodes.Approved, amount: 4000, captured: 4000, refunded: 4000, authCode: "S71301", rrn: "401910250021", txn: "Auth"},
		{sample: "inquiry_declined.xml", order: "20240119A1B4", status: vpos.StatusDeclined, ret: returncodes.DoNotHonor,
			amount: 5000, rrn: "401910250022", txn: "Auth"},
		{sample: "inquiry_unknown.xml", order: "2022103008A3", status: "", ret: returncodes.NotFound},
	}
	for _, tt := range tests {
		t.Run(tt.sample, func(t *testing.T) {
			m := newMockBank(t, testConfig(), fixed(t, tt.sample))
			res, err := m.p.Status(t.Context(), &vpos.StatusRequest{OrderID: tt.order})
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != tt.status || res.Approved != tt.approved || res.Return != tt.ret || res.Amount != tt.amount ||
				res.CapturedAmount != tt.captured || res.RefundedAmount != tt.refunded || res.AuthCode != tt.authCode ||
				res.RRN != tt.rrn || res.Installments != tt.installments || res.Extra["txn_type"] != tt.txn {
				t.Errorf("got Status=%q Approved=%v Return=%s Amount=%d Captured=%d Refunded=%d AuthCode=%q RRN=%q Installments=%d txn_type=%q",
					res.Status, res.Approved, res.Return, res.Amount, res.CapturedAmount, res.RefundedAmount, res.AuthCode, res.RRN,
					res.Installments, res.Extra["txn_type"])
			}
			if tt.status != "" && (res.Currency != vpos.TRY || res.MaskedPAN != "415565******6111") {
				t.Errorf("Currency %q MaskedPAN %q", res.Currency, res.MaskedPAN)
			}
			if !tt.time.IsZero() && !res.Time.Equal(tt.time) {
				t.Errorf("Time = %v, want %v", res.Time, tt.time)
			}
			if tt.status == "" && (res.BankCode != "V013" || res.BankMessage != "Seçili İşlem Bulunamadı!") {
				t.Errorf("unknown order: BankCode %q BankMessage %q", res.BankCode, res.BankMessage)
			}
			if got := m.bodies(); len(got) != 1 || kind(got[0]) != txnOrderInquiry {
				t.Errorf("requests = %v, want one OrderInquiry", got)
			}
		})
	}
}

func TestInquiryEdgeCases(t *testing.T) {
	p := newMockBank(t, testConfig(), fixed(t, "approved.xml")).p
	sale := func(edit func(fields)) fields {
		f, err := parseReply(sample(t, "inquiry_sale.xml"))
		if err != nil {
			t.Fatal(err)
		}
		edit(f)
		return f
	}
	// Refunded without an amount: refunded, amount unknown (0).
	res, err := p.statusResult("202210312A4B", "", sale(func(f fields) { f["IsRefunded"] = "true"; f["RefundedAmount"] = "0" }))
	if err != nil || res.Status != vpos.StatusRefunded || res.RefundedAmount != 0 {
		t.Errorf("IsRefunded without amount: %+v, %v", res, err)
	}
	// Pending record.
	res, err = p.statusResult("202210312A4B", "", sale(func(f fields) { f["TxnStatus"] = "P" }))
	if err != nil || res.Status != vpos.StatusUnknown {
		t.Errorf("TxnStatus P: %+v, %v", res, err)
	}
	// V000 in progress.
	res, err = p.statusResult("202210312A4B", "", sale(func(f fields) { f["ProcReturnCode"] = "V000"; f["TxnStatus"] = "N" }))
	if err != nil || res.Status != vpos.StatusUnknown || res.Return != returncodes.TimeoutUnknown {
		t.Errorf("V000: %+v, %v", res, err)
	}
	// Y with a failure code contradicts itself.
	res, err = p.statusResult("202210312A4B", "", sale(func(f fields) { f["ProcReturnCode"] = "05" }))
	if err != nil || res.Status != vpos.StatusUnknown || res.Approved {
		t.Errorf("Y with 05: %+v, %v", res, err)
	}
	// Currency of the record wins over the one asked with.
	res, err = p.statusResult("202210312A4B", vpos.TRY, sale(func(f fields) { f["Currency"] = "840" }))
	if err != nil || res.Currency != vpos.USD {
		t.Errorf("USD record: %+v, %v", res, err)
	}
	// Refusals and nonsense.
	if res, err := p.statusResult("X", "", fields{"ProcReturnCode": "V004", "TxnType": "OrderInquiry"}); err != nil ||
		res.Status != "" || res.Return != returncodes.AuthError {
		t.Errorf("V004: %+v, %v", res, err)
	}
	for name, f := range map[string]fields{
		"no code":           {"TxnType": "Auth"},
		"00 without record": {"ProcReturnCode": "00", "TxnType": "OrderInquiry"},
		"another order":     sale(func(f fields) {}),
	} {
		if _, err := p.statusResult("X", "", f); !errors.Is(err, errMalformed) {
			t.Errorf("%s: got %v, want errMalformed", name, err)
		}
	}
}

// TestHistoryReplies reads the TxnHistory replies of payfor.md §12.5.
func TestHistoryReplies(t *testing.T) {
	type row struct {
		op     vpos.Op
		status vpos.TxStatus
		amount vpos.Amount
		ret    returncodes.Code
	}
	tests := []struct {
		sample, order string
		rows          []row
	}{
		{"history_sale.xml", "202401212A22", []row{{vpos.OpSale, vpos.StatusApproved, 101, returncodes.Approved}}},
		{"history_preauth_postauth_void.xml", "2024012178E1", []row{
			{vpos.OpPreAuth, vpos.StatusApproved, 201, returncodes.Approved},
			{vpos.OpCapture, vpos.StatusVoided, 203, returncodes.Approved},
			{vpos.OpVoid, vpos.StatusApproved, 203, returncodes.Approved},
		}},
		{"history_refund_v014.xml", "202401212A22", []row{
			{vpos.OpSale, vpos.StatusApproved, 101, returncodes.Approved},
			{vpos.OpRefund, vpos.StatusDeclined, 101, returncodes.InvalidTransactionState},
		}},
		{"history_refunded_partial.xml", "20240119A1B2", []row{
			{vpos.OpSale, vpos.StatusApproved, 4000, returncodes.Approved},
			{vpos.OpRefund, vpos.StatusApproved, 1000, returncodes.Approved},
			{vpos.OpRefund, vpos.StatusApproved, 500, returncodes.Approved},
			{vpos.OpRefund, vpos.StatusDeclined, 9900, returncodes.InvalidTransactionState},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.sample, func(t *testing.T) {
			m := newMockBank(t, testConfig(), fixed(t, tt.sample))
			got, err := m.p.History(t.Context(), &vpos.HistoryRequest{OrderID: tt.order})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.rows) {
				t.Fatalf("got %d rows, want %d: %+v", len(got), len(tt.rows), got)
			}
			for i, w := range tt.rows {
				g := got[i]
				if g.Op != w.op || g.Status != w.status || g.Amount != w.amount || g.Return != w.ret || g.OrderID != tt.order ||
					g.Currency != vpos.TRY || g.MaskedPAN != "415565******6111" || g.Time.IsZero() || g.RRN == "" || g.TransactionID != g.RRN {
					t.Errorf("row %d = %+v, want %+v", i, g, w)
				}
				if g.Status == vpos.StatusDeclined && g.AuthCode != "" {
					t.Errorf("row %d: a declined row keeps AuthCode %q", i, g.AuthCode)
				}
			}
			if want := time.Date(2024, 1, 0, 0, 0, 0, 0, vpos.Istanbul()); got[0].Time.Before(want) {
				t.Errorf("row 0 time %v", got[0].Time)
			}
		})
	}
	m := newMockBank(t, testConfig(), fixed(t, "history_unknown.xml"))
	_, err := m.p.History(t.Context(), &vpos.HistoryRequest{OrderID: "2022103008A3"})
	if !errors.Is(err, vpos.ErrNotFound) {
		t.Errorf("unknown order: got %v, want ErrNotFound", err)
	}
}

func TestParseHistoryRefusal(t *testing.T) {
	rep, err := parseHistory(sample(t, "auth_error_v004.xml"))
	if err != nil || rep.refusal.get("ProcReturnCode") != "V004" {
		t.Fatalf("got %+v, %v", rep, err)
	}
	m := newMockBank(t, testConfig(), fixed(t, "auth_error_v004.xml"))
	_, err = m.p.History(t.Context(), &vpos.HistoryRequest{OrderID: "O-1"})
	var e *vpos.Error
	if !errors.As(err, &e) || e.Code != vpos.Auth || e.Return != returncodes.AuthError || e.BankCode != "V004" {
		t.Errorf("refused history: %v", err)
	}
	for _, body := range []string{"", "<TxnHistory/>", "<PayforResponse/>", "<html/>"} {
		if _, err := parseHistory([]byte(body)); !errors.Is(err, errMalformed) {
			t.Errorf("%q: got %v", body, err)
		}
	}
	if rep, err := parseHistory([]byte("<TxnHistoryReport/>")); err != nil || len(rep.records) != 0 {
		t.Errorf("empty report: %+v, %v", rep, err)
	}
}
