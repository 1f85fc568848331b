package garanti

import (
	"context"
	"errors"
	"net/url"
	"testing"

	"github.com/sanalpos/vpos"
)

// FuzzParseReply feeds parseReply arbitrary bodies, seeded with every reply
// of garanti.md §12: it must never panic, and a body it accepts must carry
// a Response Code.
func FuzzParseReply(f *testing.F) {
	for _, body := range allReplies {
		f.Add([]byte(body))
	}
	f.Add([]byte(""))
	f.Add([]byte("<GVPSResponse/>"))
	f.Add([]byte("\xef\xbb\xbf<?xml version=\"1.0\" encoding=\"ISO-8859-9\"?><GVPSResponse><Transaction><Response><Code>00</Code></Response></Transaction></GVPSResponse>"))
	p, err := New(vecConfig(), nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		rep, err := parseReply(body)
		if err != nil {
			if !errors.Is(err, errReply) {
				t.Fatalf("error %v does not wrap errReply", err)
			}
			return
		}
		if rep.Code == "" {
			t.Fatalf("accepted a reply without a Code")
		}
		res := p.result(vpos.OpSale, "O1", rep)
		if res.Approved != (rep.Code == "00") {
			t.Fatalf("Approved = %v for Code %q", res.Approved, rep.Code)
		}
		if rep.Inq != nil {
			summarise(rep.Inq, rep.Hist)
		}
		if rep.List != nil {
			for _, row := range rep.List.Txns {
				_, _ = listRow(row)
			}
		}
	})
}

// FuzzVerifyCallback feeds VerifyCallback and ParseCallback arbitrary
// callback bodies (as posted, form-encoded), seeded with the worked
// examples and the §12.6 callbacks: never a panic, never an accepted
// callback without a hash, and ParseCallback accepts only what
// VerifyCallback accepts.
func FuzzVerifyCallback(f *testing.F) {
	cfg := vecConfig()
	f.Add(v512Callback().Encode())
	f.Add(legacyCallback().Encode())
	f.Add(cfg.SignCallback(callback3D("1")).Encode())
	f.Add(cfg.SignCallback(callback3D("0")).Encode())
	f.Add(cfg.SignCallback(callbackPay(true)).Encode())
	f.Add(cfg.SignCallback(callbackPay(false)).Encode())
	f.Add("hash=&hashparams=")
	f.Add("hashparams=%3A%3A&hash=CF83E1357EEFB8BDF1542850D66D8007D620E4050B5715DC83F4A921D36CE9CE47D0D13C5D85F2B0FF8318D2877EEC2F63B931BD47417A81A538327AF927DA3E")
	p, err := New(cfg, nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body string) {
		form, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		verr := cfg.VerifyCallback(form)
		if verr == nil && form.Get("hash") == "" {
			t.Fatalf("accepted a callback without a hash")
		}
		if verr != nil && !errors.Is(verr, vpos.ErrInvalidCallback) {
			t.Fatalf("error %v is not InvalidCallback", verr)
		}
		cb, perr := p.ParseCallback(context.Background(), form)
		if perr == nil && verr != nil {
			t.Fatalf("ParseCallback accepted what VerifyCallback refused")
		}
		if perr == nil && (cb.OrderID == "" || cb.Amount <= 0 || cb.Currency == "") {
			t.Fatalf("ParseCallback accepted an incomplete callback: %+v", cb)
		}
	})
}
