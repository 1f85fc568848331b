package posnet

import (
	"context"
	"errors"
	"net/url"
	"testing"

	"github.com/sanalpos/vpos"
)

// FuzzParseReply feeds arbitrary bodies to the reply parser: it must
// never panic, and every failure must wrap errReply.
func FuzzParseReply(f *testing.F) {
	for _, s := range []string{replyApproved, replyIP, replyDuplicate, replyOOS, replyResolved, replyAgreement, "", "<posnetResponse>"} {
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
		res := p.result(vpos.OpSale, "1", rep)
		if res.Approved && rep.Approved != "1" {
			t.Fatalf("approved without approved=1")
		}
		if len(rep.Txns) > 0 {
			_, _ = p.summarise("1", &orderState{rep: rep})
		}
		if rep.Resolved != nil {
			_, _ = p.checkResolved("1", xid("1"), 1, rep.Resolved)
		}
	})
}

// FuzzCallback feeds arbitrary callbacks to ParseCallback with an API
// endpoint that refuses connections: it must never panic, and anything
// that is not structurally a POSNET callback of this merchant must be
// refused before any I/O as InvalidCallback.
func FuzzCallback(f *testing.F) {
	f.Add("MerchantPacket=AB&BankPacket=CD&Sign=EF&Xid=000000000000000ORD_1&Amount=150%2C75&TranType=Sale&MerchantId=6706598320&CCPrefix=404809")
	f.Add("Xid=1&Amount=&Sign=")
	f.Add("")
	cfg := Config{MerchantID: exMID, TerminalID: exTID, PosnetID: "27426", EncKey: exEncKey,
		Endpoint: Endpoint{API: "http://127.0.0.1:1/x", Gate3D: "http://127.0.0.1:1/y"}}
	p, err := New(cfg, &vpos.Options{StatusChecks: -1})
	if err != nil {
		f.Fatal(err)
	}
	// A cancelled context: a structurally valid callback fails at once
	// instead of dialling.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	f.Fuzz(func(t *testing.T, raw string) {
		form, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		cb, err := p.ParseCallback(ctx, form)
		if err == nil {
			t.Fatalf("ParseCallback accepted %q without the bank: %+v", raw, cb)
		}
	})
}
