package payfortest_test

import (
	"encoding/xml"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sanalpos/vpos/banks/payfor/payfortest"
)

// history sends TxnHistory for order and returns the document.
func history(t *testing.T, bank *payfortest.Server, order string) string {
	t.Helper()
	c := bank.Credentials()
	status, body := postRaw(t, bank, bank.APIURL(), "text/xml",
		payforXML(append(account(c), kv{{"SecureType", "Report"}, {"OrderId", order}, {"TxnType", "TxnHistory"}, {"Lang", "tr"}}...)))
	if status != 200 {
		t.Fatalf("status %d", status)
	}
	return body
}

// tHistory is what the tests read of a TxnHistoryReport.
type tHistory struct {
	XMLName xml.Name `xml:"TxnHistoryReport"`
	Records []struct {
		Request struct {
			OrderID        string `xml:"OrderId"`
			OrgOrderID     string `xml:"OrgOrderId"`
			TxnType        string
			TxnStatus      string
			ProcReturnCode string
			PurchAmount    string
			AuthCode       string
			SecureType     string
			Pan            string
			OrgTxnType     string
			VoidDate       string
			RefundedAmount string
			InsertDatetime string
		} `xml:"PaymentRequest"`
		Extra []struct {
			Strings []string `xml:"string"`
		} `xml:"ExtraParameters>ArrayOfString"`
	} `xml:"PaymentRequestExtended"`
}

func parseHistory(t *testing.T, doc string) tHistory {
	t.Helper()
	var h tHistory
	if err := xml.Unmarshal([]byte(doc), &h); err != nil {
		t.Fatalf("TxnHistoryReport: %v", err)
	}
	return h
}

// recordSummary lists TxnType/TxnStatus/ProcReturnCode of every record.
func recordSummary(doc string) []string {
	var h tHistory
	_ = xml.Unmarshal([]byte(doc), &h)
	var out []string
	for _, r := range h.Records {
		out = append(out, r.Request.TxnType+"/"+r.Request.TxnStatus+"/"+r.Request.ProcReturnCode)
	}
	return out
}

func TestOrderInquiryStates(t *testing.T) {
	clk := newClock()
	bank := payfortest.NewServer(payfortest.WithClock(clk.now))
	defer bank.Close()
	c := bank.Credentials()
	card := bank.Cards().Approve
	wantCode(t, api(t, bank, sale(c, "Auth", "Q-SALE", "1.01", card)), "00")
	wantCode(t, api(t, bank, sale(c, "PreAuth", "Q-PRE", "2.01", card, [2]string{"InstallmentCount", "3"})), "00")
	wantCode(t, api(t, bank, sale(c, "PreAuth", "Q-POST", "2.01", card)), "00")
	wantCode(t, api(t, bank, follow(c, "PostAuth", "Q-POST", "1.50")), "00")
	wantCode(t, api(t, bank, sale(c, "Auth", "Q-VOID", "1.01", card)), "00")
	wantCode(t, api(t, bank, follow(c, "Void", "Q-VOID", "")), "00")
	wantCode(t, api(t, bank, sale(c, "PreAuth", "Q-PVOID", "1.01", card)), "00")
	wantCode(t, api(t, bank, follow(c, "Void", "Q-PVOID", "")), "00")
	wantCode(t, api(t, bank, sale(c, "Auth", "Q-REF", "1.01", card)), "00")
	wantCode(t, api(t, bank, follow(c, "Refund", "Q-REF", "0.51")), "00")
	wantCode(t, api(t, bank, sale(c, "Auth", "Q-DECL", "1.01", bank.Cards().InsufficientFunds)), "51")

	tests := []struct {
		order, txnType, amount, status, voided, refunded, refundedAmount, code, inst string
	}{
		{"Q-SALE", "Auth", "1.01", "Y", "false", "false", "0", "00", ""},
		{"Q-PRE", "PreAuth", "2.01", "Y", "false", "false", "0", "00", "3"},
		{"Q-POST", "PostAuth", "1.50", "Y", "false", "false", "0", "00", ""},
		{"Q-VOID", "Auth", "1.01", "V", "true", "false", "0", "00", ""},
		{"Q-PVOID", "PreAuth", "1.01", "V", "true", "false", "0", "00", ""},
		{"Q-REF", "Auth", "1.01", "Y", "false", "true", "0.51", "00", ""},
		{"Q-DECL", "Auth", "1.01", "N", "false", "false", "0", "51", ""},
	}
	dateRE := regexp.MustCompile(`^17\.03\.2026 10:15:04$`)
	for _, tc := range tests {
		t.Run(tc.order, func(t *testing.T) {
			for _, call := range []func(*testing.T, *payfortest.Server, kv) reply{api, formAPI} {
				r := call(t, bank, inquiry(c, tc.order))
				if len(r.order) != 121 {
					t.Errorf("%d fields, want 121 (§12.4)", len(r.order))
				}
				for name, want := range map[string]string{
					"OrderId": tc.order, "TxnType": tc.txnType, "PurchAmount": tc.amount, "TxnStatus": tc.status,
					"IsVoided": tc.voided, "IsRefunded": tc.refunded, "RefundedAmount": tc.refundedAmount,
					"ProcReturnCode": tc.code, "InstallmentCount": tc.inst, "D3Status": "-1", "Currency": "949",
					"CardMask": "400000******0006", "InsertDatetime": "17.03.2026 10:15:04", "TrxDate": "17.03.2026 10:15",
					"SecureType": "NonSecure", "SrcType": "VPO", "AlphaCode": "TL", "CardType": "V",
				} {
					if tc.code == "51" && name == "CardMask" {
						want = "400000******0519"
					}
					if got := r.get(name); got != want {
						t.Errorf("%s = %q, want %q", name, got, want)
					}
				}
				if !dateRE.MatchString(r.get("InsertDatetime")) {
					t.Errorf("InsertDatetime %q", r.get("InsertDatetime"))
				}
				if tc.voided == "true" && (r.get("VoidDate") != "20260317" || r.get("VoidTime") != "101504" || r.get("VoidUserCode") != c.UserCode) {
					t.Errorf("void fields %q %q %q", r.get("VoidDate"), r.get("VoidTime"), r.get("VoidUserCode"))
				}
				if tc.voided == "false" && (r.get("VoidDate") != "" || r.get("VoidTime") != "0") {
					t.Errorf("void fields of an unvoided order %q %q", r.get("VoidDate"), r.get("VoidTime"))
				}
				if tc.txnType == "PostAuth" && (r.get("OrgOrderId") != tc.order || r.get("F11_ORG") == "") {
					t.Errorf("PostAuth record OrgOrderId %q F11_ORG %q", r.get("OrgOrderId"), r.get("F11_ORG"))
				}
				if tc.code == "00" && r.get("ReturnMessage") != "Onaylandı" {
					t.Errorf("ReturnMessage %q", r.get("ReturnMessage"))
				}
				for _, n := range []string{"3DStatus", "D3Stat", "RRN", "HashType", "TransactionDate"} {
					if _, ok := r.m[n]; ok {
						t.Errorf("inquiry carries %s", n)
					}
				}
			}
		})
	}
	t.Run("Unknown", func(t *testing.T) {
		r := api(t, bank, inquiry(c, "Q-NONE"))
		for name, want := range map[string]string{
			"ProcReturnCode": "V013", "ErrMsg": "Seçili İşlem Bulunamadı!", "IrcCode": "99961", "TxnStatus": "P",
			"InsertDatetime": "1.01.0001 00:00:00", "SecureType": "Inquiry", "TxnType": "OrderInquiry",
			"OrgOrderId": "Q-NONE", "PurchAmount": "", "IsVoided": "",
		} {
			if got := r.get(name); got != want {
				t.Errorf("%s = %q, want %q", name, got, want)
			}
		}
	})
	t.Run("WrongPassword", func(t *testing.T) {
		wantCode(t, api(t, bank, set(inquiry(c, "Q-SALE"), [2]string{"UserPass", "x"})), "V004")
	})
}

func TestTxnHistory(t *testing.T) {
	clk := newClock()
	bank := payfortest.NewServer(payfortest.WithClock(clk.now))
	defer bank.Close()
	c := bank.Credentials()
	card := bank.Cards().Approve
	wantCode(t, api(t, bank, sale(c, "PreAuth", "H-1", "2.01", card)), "00")
	clk.add(time.Minute)
	wantCode(t, api(t, bank, follow(c, "PostAuth", "H-1", "2.01")), "00")
	clk.add(time.Minute)
	wantCode(t, api(t, bank, follow(c, "Void", "H-1", "")), "00")
	doc := history(t, bank, "H-1")
	if !strings.HasPrefix(doc, `<?xml version="1.0" encoding="utf-8"?>`+"\n"+`<TxnHistoryReport xsi:noNamespaceSchemaLocation="TxnHistoryReport.xsd"`) {
		t.Errorf("document starts %q", doc[:90])
	}
	if got := recordSummary(doc); !slices.Equal(got, []string{"PreAuth/Y/00", "PostAuth/V/00", "Void/Y/00"}) {
		t.Errorf("records %v, want PreAuth/Y/00 PostAuth/V/00 Void/Y/00 (§12.5)", got)
	}
	h := parseHistory(t, doc)
	post, void := h.Records[1].Request, h.Records[2].Request
	if post.OrgOrderID != "H-1" || post.VoidDate != "20260317" || void.OrgTxnType != "PostAuth" || void.PurchAmount != "2.01" {
		t.Errorf("PostAuth %+v, Void %+v", post, void)
	}
	if len(h.Records[0].Request.Pan) != 32 || strings.Contains(doc, card.Number) {
		t.Errorf("Pan token %q", h.Records[0].Request.Pan)
	}
	if h.Records[0].Request.InsertDatetime != "2026-03-17T10:15:04" {
		t.Errorf("InsertDatetime %q", h.Records[0].Request.InsertDatetime)
	}
	if strings.Contains(doc, "<Expiry>") || strings.Contains(doc, "<TxnType></TxnType>") {
		t.Errorf("history writes the expiry or empty elements")
	}

	t.Run("Unknown", func(t *testing.T) {
		doc := history(t, bank, "H-NONE")
		h := parseHistory(t, doc)
		if len(h.Records) != 1 || h.Records[0].Request.ProcReturnCode != "V013" || h.Records[0].Request.TxnType != "TxnHistory" ||
			h.Records[0].Request.InsertDatetime != "0001-01-01T00:00:00" {
			t.Fatalf("unknown order history %+v", h.Records)
		}
		if strings.Contains(doc, c.UserPass) || strings.Contains(doc, c.MerchantPass) || !strings.Contains(doc, "INCOMING_DATA") {
			t.Errorf("INCOMING_DATA echoes a secret or is missing")
		}
	})
	t.Run("Daily", func(t *testing.T) {
		clk.add(24 * time.Hour)
		wantCode(t, api(t, bank, sale(c, "Auth", "H-2", "1", card)), "00")
		daily := func(day string) []string {
			_, body := postRaw(t, bank, bank.APIURL(), "text/xml",
				payforXML(append(account(c), kv{{"SecureType", "Report"}, {"ReqDate", day}, {"TxnType", "TxnHistory"}, {"Lang", "tr"}}...)))
			return recordSummary(body)
		}
		if got := daily("20260317"); !slices.Equal(got, []string{"PreAuth/Y/00", "PostAuth/V/00", "Void/Y/00"}) {
			t.Errorf("day 17: %v", got)
		}
		if got := daily("20260318"); !slices.Equal(got, []string{"Auth/Y/00"}) {
			t.Errorf("day 18: %v", got)
		}
		if got := daily("20260319"); len(got) != 0 {
			t.Errorf("day 19: %v", got)
		}
		if got := daily("2026-03-19"); !slices.Equal(got, []string{"TxnHistory/P/M025"}) {
			t.Errorf("bad day: %v", got)
		}
	})
}
