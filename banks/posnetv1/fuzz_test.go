package posnetv1

import (
	"context"
	"errors"
	"net/url"
	"testing"

	"github.com/sanalpos/vpos"
)

// FuzzParseReply feeds arbitrary bodies to the reply parser: it must never
// panic, every failure must wrap errReply, and only "00" approves.
func FuzzParseReply(f *testing.F) {
	for _, s := range []string{replyApproved, replyDeclined, replyInquiry, replyNotFound, "", "{}", "null"} {
		f.Add([]byte(s))
	}
	p := testProvider(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		rep, err := parseReply(body)
		if err != nil {
			if !errors.Is(err, errReply) {
				t.Fatalf("error %v does not wrap errReply", err)
			}
			return
		}
		if res := p.result(vpos.OpSale, "1", rep); res.Approved && rep.code() != "00" {
			t.Fatalf("approved with ResponseCode %q", rep.code())
		}
		if len(rep.TransactionData) > 0 {
			_, _ = p.summarise("1", &orderState{rows: rep.TransactionData})
		}
	})
}

// FuzzCallback feeds arbitrary callbacks to ParseCallback: it must never
// panic, and nothing without this merchant's valid Mac may pass.
func FuzzCallback(f *testing.F) {
	p := testProvider(f)
	good := url.Values{"ECI": {"02"}, "CAVV": {"jKOBaLBL3hQ+CREBPu1HBQQAAAA="}, "MdStatus": {"1"}, "MdErrorMessage": {"Authenticated"},
		"MD": {"0161010028947569644"}, "SecureTransactionId": {"1010028947569644"}, "MacParams": {CallbackMacParams},
		"OrderId": {"0000000000000ORDER_1"}, "Amount": {"175"}, "CurrencyCode": {"949"}, "TranType": {"Sale"},
		"MerchantId": {p.cfg.MerchantNo}, "InstalmentCode": {"0"}, "CCPrefix": {"450634"}}
	good.Set("Mac", MACOf(testEncKey, CallbackMacParams, good.Get))
	f.Add(good.Encode())
	f.Add("Mac=x&MacParams=MdStatus&MdStatus=1")
	f.Add("")
	f.Fuzz(func(t *testing.T, raw string) {
		form, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		cb, err := p.ParseCallback(context.Background(), form)
		if err != nil {
			if !errors.Is(err, vpos.ErrInvalidCallback) {
				t.Fatalf("error %v is not InvalidCallback", err)
			}
			return
		}
		if form.Get("Mac") != MACOf(testEncKey, CallbackMacParams, form.Get) || cb.OrderID == "" || cb.Amount <= 0 {
			t.Fatalf("ParseCallback accepted %q: %+v", raw, cb)
		}
	})
}
