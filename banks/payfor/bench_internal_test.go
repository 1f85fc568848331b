package payfor

import (
	"context"
	"testing"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/threed"
)

// BenchmarkBuildSale builds a sale request (PayforRequest Auth, UTF-8, a
// Turkish holder name). Non-3D requests carry no hash: PayFor
// authenticates API calls with UserCode and UserPass.
func BenchmarkBuildSale(b *testing.B) {
	cfg := testConfig()
	req := saleReq("20230917EF0E")
	req.Card.Holder = "Çağrı Öztürk"
	b.ReportAllocs()
	for b.Loop() {
		if _, err := buildCharge(&cfg, txnAuth, req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBegin3D builds and signs (SHA-1) a 3d_pay gate form.
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
// reply of payfor.md §12.2 and turns it into a Result: everything the
// adapter does for a sale but the network.
func BenchmarkSaleRoundTrip(b *testing.B) {
	p, err := New(testConfig(), nil)
	if err != nil {
		b.Fatal(err)
	}
	req := saleReq("20230917EF0E")
	reply := sample(b, "approved.xml")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := buildCharge(&p.cfg, txnAuth, req); err != nil {
			b.Fatal(err)
		}
		f, err := parseReply(reply)
		if err != nil {
			b.Fatal(err)
		}
		if err := checkPayment(f, req.OrderID); err != nil {
			b.Fatal(err)
		}
		if res := p.result(vpos.OpSale, req.OrderID, f); !res.Approved {
			b.Fatal("not approved")
		}
	}
}

// BenchmarkParseInquiry parses a 121-field OrderInquiry reply (payfor.md
// §12.4) and describes the order.
func BenchmarkParseInquiry(b *testing.B) {
	p, err := New(testConfig(), nil)
	if err != nil {
		b.Fatal(err)
	}
	reply := sample(b, "inquiry_refunded_partial.xml")
	b.ReportAllocs()
	for b.Loop() {
		f, err := parseReply(reply)
		if err != nil {
			b.Fatal(err)
		}
		if res, err := p.statusResult("20240119A1B2", vpos.TRY, f); err != nil || res.Status != vpos.StatusPartiallyRefunded {
			b.Fatal(res, err)
		}
	}
}

// BenchmarkParseCallback verifies (SHA-1) and reads the 3DPay callback of
// payfor.md §12.3.
func BenchmarkParseCallback(b *testing.B) {
	p, err := New(testConfig(), nil)
	if err != nil {
		b.Fatal(err)
	}
	form := capture3DPay()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.ParseCallback(ctx, form); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseHistory parses a day's TxnHistoryReport (payfor.md §12.5)
// into rows.
func BenchmarkParseHistory(b *testing.B) {
	reply := sample(b, "history_day.xml")
	b.ReportAllocs()
	for b.Loop() {
		rep, err := parseHistory(reply)
		if err != nil {
			b.Fatal(err)
		}
		if len(rows(rep.records, "", "")) != 4 {
			b.Fatal("rows")
		}
	}
}
