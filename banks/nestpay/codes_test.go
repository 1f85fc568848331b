package nestpay

import (
	"testing"

	"github.com/sanalpos/vpos/returncodes"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name       string
		prc, ec    string
		msg        string
		want       returncodes.Code
		wantMapped bool
	}{
		{"approved", "00", "", "", returncodes.Approved, true},
		// ProcReturnCode families of returncodes.md §3.1 ([MW] mapper).
		{"01 call bank", "01", "", "", returncodes.ReferToIssuer, true},
		{"02 fake approval", "02", "", "", returncodes.ReferToIssuer, true},
		{"08 fake approval", "08", "", "", returncodes.ReferToIssuer, true},
		{"11 fake approval", "11", "", "", returncodes.ReferToIssuer, true},
		{"05 do not honour", "05", "ISO8583-05", "Red-Onaylanmadi", returncodes.DoNotHonor, true},
		{"09 try again", "09", "", "", returncodes.SystemError, true},
		{"12 invalid transaction", "12", "", "", returncodes.DoNotHonor, true},
		{"28 reject", "28", "", "", returncodes.SystemError, true},
		{"41 lost", "41", "ISO8583-41", "", returncodes.PickupLostStolen, true},
		{"43 stolen", "43", "ISO8583-43", "", returncodes.PickupLostStolen, true},
		{"51 insufficient funds", "51", "ISO8583-51", "Bakiyesi yetersiz", returncodes.InsufficientFunds, true},
		{"54 expired", "54", "ISO8583-54", "", returncodes.ExpiredCard, true},
		{"57 not permitted to cardholder", "57", "", "", returncodes.CardRestricted, true},
		{"62 restricted", "62", "", "", returncodes.CardRestricted, true},
		{"77 request rejected", "77", "", "", returncodes.InvalidRequest, true},
		{"82 CVV (nestpay.md §5)", "82", "ISO8583-82", "CVV Hatasi veya girilen CVV gecersiz.", returncodes.InvalidCVV, true},
		{"91 issuer down", "91", "", "", returncodes.IssuerUnavailable, true},
		{"92 timeout", "92", "", "", returncodes.TimeoutUnknown, true},
		{"99 without detail", "99", "", "", returncodes.SystemError, true},
		{"unknown ISO code", "47", "", "", returncodes.DoNotHonor, false},
		// ERRORCODE rows.
		{"CORE-1001 system", "99", "CORE-1001", "", returncodes.SystemError, true},
		{"CORE-1005 system", "99", "CORE-1005", "", returncodes.SystemError, true},
		{"CORE-1006 mode", "99", "CORE-1006", "", returncodes.InvalidRequest, true},
		{"CORE-1015 order id too long", "99", "CORE-1015", "", returncodes.InvalidRequest, true},
		{"CORE-1024 negative amount", "99", "CORE-1024", "", returncodes.InvalidAmount, true},
		{"CORE-1029 installment", "99", "CORE-1029", "", returncodes.InvalidRequest, true},
		{"CORE-1099 family", "99", "CORE-1099", "", returncodes.InvalidRequest, true},
		{"CORE-2001 transaction type", "99", "CORE-2001", "", returncodes.InvalidRequest, true},
		{"CORE-2008 nothing to void", "99", "CORE-2008", "İptal edilmeye uygun satış işlemi bulunamadı.", returncodes.NotFound, true},
		{"CORE-2009 zero amount", "99", "CORE-2009", "", returncodes.InvalidAmount, true},
		{"CORE-2010 expiry", "99", "CORE-2010", "", returncodes.InvalidCard, true},
		{"CORE-2011 expiry format", "99", "CORE-2011", "", returncodes.InvalidCard, true},
		{"CORE-2012 PAN (nestpay.md §5)", "99", "CORE-2012", "Kredi karti numarasi gecerli formatta degil.", returncodes.InvalidCard, true},
		{"CORE-2013 settlement", "99", "CORE-2013", "", returncodes.InvalidRequest, true},
		{"CORE-2014 query", "99", "CORE-2014", "", returncodes.InvalidRequest, true},
		{"CORE-2015 card number missing", "99", "CORE-2015", "", returncodes.InvalidRequest, true},
		{"CORE-2020 recurring", "99", "CORE-2020", "", returncodes.InvalidRequest, true},
		{"CORE-2024 recurring", "99", "CORE-2024", "", returncodes.InvalidRequest, true},
		{"CORE-2201 not authenticated", "99", "CORE-2201", "", returncodes.AuthError, true},
		{"CORE-2202 no permission", "99", "CORE-2202", "", returncodes.MerchantConfigError, true},
		{"CORE-2254 IP restriction", "99", "CORE-2254", "", returncodes.AuthError, true},
		{"CORE-2504 zero refund", "99", "CORE-2504", "Sifir miktarli iade yapilamaz.", returncodes.InvalidAmount, true},
		{"CORE-2506 post-auth zero", "99", "CORE-2506", "", returncodes.InvalidAmount, true},
		{"CORE-2507 duplicate order", "99", "CORE-2507", "", returncodes.DuplicateOrder, true},
		{"CORE-2508 refund before end of day", "99", "CORE-2508", "Iade yapilamaz, siparis gunsonuna girmemis.", returncodes.InvalidTransactionState, true},
		{"CORE-2603 installment table (nestpay.md §5)", "99", "CORE-2603", "Taksit tablosu icin gecersiz deger", returncodes.InvalidRequest, true},
		{"CORE-2999 unknown", "99", "CORE-2999", "", returncodes.SystemError, false},
		{"BM-1001 message error", "99", "BM-1001", "", returncodes.SystemError, true},
		{"BM-1008 message error", "99", "BM-1008", "", returncodes.SystemError, true},
		{"BM-9100 host unknown", "99", "BM-9100", "", returncodes.SystemError, true},
		{"BM-9102 IO error", "99", "BM-9102", "", returncodes.TimeoutUnknown, true},
		{"BM-9103 connection", "99", "BM-9103", "", returncodes.SystemError, true},
		{"ISO8583-92 timeout", "92", "ISO8583-92", "", returncodes.TimeoutUnknown, true},
		{"ISO8583-92 under 99", "99", "ISO8583-92", "", returncodes.TimeoutUnknown, true},
		{"ISO8583-9998", "99", "ISO8583-9998", "", returncodes.SystemError, true},
		{"ISO8583-9999", "99", "ISO8583-9999", "", returncodes.SystemError, true},
		{"ISO8583-YK black list", "99", "ISO8583-YK", "", returncodes.FraudSuspected, true},
		{"ISO8583-51 under 99", "99", "ISO8583-51", "", returncodes.InsufficientFunds, true},
		{"215021 nothing left", "", "215021", "Net Tutar 0.", returncodes.InvalidTransactionState, true},
		{"Net Tutar 0 without code", "", "", "Net Tutar 0.", returncodes.InvalidTransactionState, true},
		{"HPP-1001 gate card format", "", "HPP-1001", "Girilen kart numarası doğru formatta değildir.", returncodes.InvalidCard, true},
		{"3D-1007 usage type", "", "3D-1007", "Isyeri kullanim tipi desteklenmiyor.", returncodes.MerchantConfigError, true},
		// ErrMsg rows.
		{"bad credentials (nestpay.md §13.2)", "99", "", "Insufficient permissions to perform requested operation.", returncodes.AuthError, true},
		{"status not found 99", "99", "", "No record found for 2022103088D22", returncodes.NotFound, true},
		{"history not found 05", "05", "", "No record found for 2022103088D22", returncodes.NotFound, true},
		{"no code at all", "", "", "", returncodes.TimeoutUnknown, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, mapped := Normalize(tt.prc, tt.ec, tt.msg)
			if got != tt.want || mapped != tt.wantMapped {
				t.Errorf("Normalize(%q, %q, %q): got %q, %v; want %q, %v", tt.prc, tt.ec, tt.msg, got, mapped, tt.want, tt.wantMapped)
			}
		})
	}
}

// TestFakeApprovalsNeverApprove: 02, 08 and 11 with Response Approved are
// definite declines, never approvals (returncodes.md §0 rule 3).
func TestFakeApprovalsNeverApprove(t *testing.T) {
	for _, prc := range []string{"02", "08", "10", "11"} {
		r := &reply{Response: respApproved, ProcReturnCode: prc}
		if err := r.check(); err != nil {
			t.Errorf("%s: check() = %v, want a definite answer", prc, err)
		}
		if r.approved() {
			t.Errorf("%s: approved() = true, want false", prc)
		}
		if _, rc := r.codes(); rc != returncodes.ReferToIssuer {
			t.Errorf("%s: Return = %q, want %q", prc, rc, returncodes.ReferToIssuer)
		}
	}
}

func TestMDStatusReturn(t *testing.T) {
	tests := []struct {
		md, errCode string
		want        returncodes.Code
	}{
		{"0", "", returncodes.ThreeDSFailed},
		{"2", "", returncodes.ThreeDSFailed},
		{"3", "", returncodes.ThreeDSFailed},
		{"4", "", returncodes.ThreeDSFailed},
		{"5", "", returncodes.ThreeDSFailed},
		{"6", "", returncodes.ThreeDSFailed},
		{"7", "", returncodes.ThreeDSFailed},
		{"7", "3D-1007", returncodes.MerchantConfigError},
		{"8", "", returncodes.InvalidCard},
		{"9", "", returncodes.MerchantConfigError},
		{"", "", returncodes.ThreeDSFailed},
	}
	for _, tt := range tests {
		if got := MDStatusReturn(tt.md, tt.errCode); got != tt.want {
			t.Errorf("MDStatusReturn(%q, %q): got %q, want %q", tt.md, tt.errCode, got, tt.want)
		}
	}
}
