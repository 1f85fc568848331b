package nestpay

import (
	"context"
	"testing"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/threed"
)

// BenchmarkBuildSale builds a sale request (CC5Request Auth, ISO-8859-9,
// Turkish e-mail and name). A non-3D request carries no hash: NestPay
// authenticates API calls with the user and password.
func BenchmarkBuildSale(b *testing.B) {
	cfg := testConfig()
	req := saleReq("20230910AF6A")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := buildCharge(&cfg, typeAuth, req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBegin3D builds and signs (ver3, SHA-512) a 3d_pay gate form.
func BenchmarkBegin3D(b *testing.B) {
	p, err := New(testConfig(), nil)
	if err != nil {
		b.Fatal(err)
	}
	req := threeDReq(threed.Model3DPay)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Begin3D(ctx, req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSaleRoundTrip builds a sale request, then parses the approved
// reply of nestpay.md §13.2 and turns it into a Result: everything the
// adapter does for a sale but the network.
func BenchmarkSaleRoundTrip(b *testing.B) {
	p, err := New(testConfig(), nil)
	if err != nil {
		b.Fatal(err)
	}
	req := saleReq("20230910AF6A")
	reply := sample(b, "approved.xml")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := buildCharge(&p.cfg, typeAuth, req); err != nil {
			b.Fatal(err)
		}
		r, err := parseReply(reply)
		if err != nil {
			b.Fatal(err)
		}
		if err := r.check(); err != nil {
			b.Fatal(err)
		}
		if res := p.result(vpos.OpSale, req.OrderID, r); !res.Approved {
			b.Fatal("not approved")
		}
	}
}

// BenchmarkParseReplyLatin5 parses a Turkish (ISO-8859-9) error reply: the
// DOM path through xmlx.Decode.
func BenchmarkParseReplyLatin5(b *testing.B) {
	reply := sample(b, "void_core2008_latin5.xml")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parseReply(reply); err != nil {
			b.Fatal(err)
		}
	}
}
