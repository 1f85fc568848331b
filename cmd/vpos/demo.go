package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/returncodes"
	"github.com/sanalpos/vpos/terminals"
	"github.com/sanalpos/vpos/threed"
	"github.com/sanalpos/vpos/vpostest"
)

// fakeBank is what the demo needs of a built-in fake bank.
type fakeBank interface {
	Cards() vpostest.Cards
	ACS(ctx context.Context, form *threed.Form, outcome vpostest.ACSOutcome) (url.Values, error)
	Ledger() *vpostest.Ledger
	Close()
}

// step is one row of the demo's table.
type step struct {
	bank, what, order string
	want, got         string
	reason            string
	ok                bool
}

func demo(ctx context.Context, dbPath, configPath, only string, stdout, stderr io.Writer) int {
	store, closeStore, err := openStore(ctx, dbPath)
	if err != nil {
		fmt.Fprintln(stderr, "vpos demo:", err)
		return 1
	}
	defer closeStore()
	base := &vpos.Options{Store: store, StatusCheckDelay: 100 * time.Millisecond}
	if configPath != "" {
		return checkConnectivity(ctx, configPath, base, stdout, stderr)
	}
	poses, cfg := startFakes()
	defer func() {
		for _, p := range poses {
			p.fake.Close()
		}
	}()
	reg, err := terminals.New(cfg, &terminals.Options{Base: base})
	if err != nil {
		fmt.Fprintln(stderr, "vpos demo: built-in definitions:", err)
		return 1
	}
	var steps []step
	ran := 0
	for _, p := range poses {
		if only != "" && !strings.Contains(p.bank, only) {
			continue
		}
		ran++
		client, err := reg.Client(p.company, p.pos)
		if err != nil {
			steps = append(steps, step{bank: p.bank, what: "open " + p.company + "/" + p.pos, want: "client", got: err.Error()})
			continue
		}
		steps = append(steps, runBank(ctx, p, client)...)
	}
	if ran == 0 {
		fmt.Fprintf(stderr, "vpos demo: no bank named %q\n", only)
		return 2
	}
	failed := printSteps(stdout, steps)
	fmt.Fprintf(stdout, "\n%d transactions stored in %s\n", countStored(ctx, store), dbPath)
	if failed > 0 {
		fmt.Fprintf(stdout, "%d step(s) did not behave as expected\n", failed)
		return 1
	}
	fmt.Fprintln(stdout, "every step behaved as expected")
	return 0
}

func runBank(ctx context.Context, p demoPOS, client *vpos.Client) []step {
	bank := p.fake
	cards := bank.Cards()
	run := fmt.Sprintf("%06d", time.Now().UnixMilli()%1_000_000)
	id := func(n int) string { return fmt.Sprintf("DEMO%s%02d", run, n) }
	var steps []step
	add := func(what, order, want string, res *vpos.Result, err error, check func() bool) {
		s := step{bank: p.bank, what: what, order: order, want: want}
		switch {
		case err != nil:
			var ve *vpos.Error
			if errors.As(err, &ve) {
				s.got = string(ve.Code)
				if ve.Return != "" {
					s.reason = ve.Return.Message("tr") + " / " + ve.Return.Message("en")
				}
			} else {
				s.got = err.Error()
			}
		case res != nil:
			s.got = string(res.Status)
		default:
			s.got = "ok"
		}
		s.ok = s.got == want && (check == nil || check())
		steps = append(steps, s)
	}
	sale := func(order string, amount vpos.Amount, card vpos.Card, inst int) (*vpos.Result, error) {
		return client.Sale(ctx, &vpos.SaleRequest{OrderID: order, Amount: amount, Currency: vpos.TRY, Installments: inst,
			Card: card, CustomerIP: "203.0.113.10", CustomerEmail: "ayşe@örnek.com.tr", CustomerName: "Ayşe Yılmaz"})
	}

	// 1. A non-3D sale.
	res, err := sale(id(1), 125050, cards.Approve, 0)
	add("sale 1,250.50 TRY", id(1), "approved", res, err, nil)
	// 2. A declined sale: the normalised reason, in Turkish and English.
	res, err = sale(id(2), 99900, cards.InsufficientFunds, 0)
	add("sale, card without funds", id(2), string(vpos.Declined), res, err, func() bool {
		var ve *vpos.Error
		return errors.As(err, &ve) && ve.Return == returncodes.InsufficientFunds && ve.BankCode != ""
	})
	// 3. A 3-D Secure sale through the ACS.
	form, err := client.Begin3D(ctx, &vpos.ThreeDRequest{OrderID: id(3), Amount: 45000, Currency: vpos.TRY, Installments: 3,
		Model: p.model, Card: cardFor(p.model, cards.ThreeD), CustomerIP: "203.0.113.10", OkURL: "https://shop.example.com.tr/3d/ok", FailURL: "https://shop.example.com.tr/3d/fail"})
	if err != nil {
		add("3-D Secure begin", id(3), "approved", nil, err, nil)
	} else if cb, err := bank.ACS(ctx, form, vpostest.ACSSuccess); err != nil {
		add("3-D Secure at the ACS", id(3), "approved", nil, err, nil)
	} else {
		res, err = client.Complete3D(ctx, cb)
		add("3-D Secure ("+string(p.model)+") 450.00 TRY, 3 installments", id(3), "approved", res, err, nil)
		res, err = client.Complete3D(ctx, cb)
		add("same callback again", id(3), "approved", res, err, func() bool { return res != nil && res.Replay })
	}
	// 4. Pre-authorisation and a partial capture.
	res, err = client.PreAuth(ctx, &vpos.SaleRequest{OrderID: id(4), Amount: 80000, Currency: vpos.TRY, Card: cards.Approve, CustomerIP: "203.0.113.10"})
	add("pre-auth 800.00 TRY", id(4), "approved", res, err, nil)
	res, err = client.Capture(ctx, &vpos.CaptureRequest{OrderID: id(4), Amount: 65000})
	add("capture 650.00 of it", id(4), "approved", res, err, nil)
	// 5. Void.
	if _, err := sale(id(5), 30000, cards.Approve, 0); err == nil {
		res, err = client.Void(ctx, &vpos.VoidRequest{OrderID: id(5)})
		add("void a 300.00 sale", id(5), "approved", res, err, nil)
	} else {
		add("sale to void", id(5), "approved", nil, err, nil)
	}
	// 6. Partial refund (a full one where the bank offers no partial refunds).
	f := client.Features()
	refund, what, after := vpos.Amount(25050), "refund 250.50 of sale 1", vpos.StatusPartiallyRefunded
	if !f.PartialRefund {
		refund, what, after = 125050, "refund all of sale 1 (no partial refunds at this bank)", vpos.StatusRefunded
	}
	res, err = client.Refund(ctx, &vpos.RefundRequest{OrderID: id(1), Amount: refund})
	add(what, id(1), "approved", res, err, nil)
	// 7. Status.
	res, err = client.Status(ctx, &vpos.StatusRequest{OrderID: id(1)})
	add("status of sale 1", id(1), string(after), res, err, func() bool { return res.RefundedAmount == 0 || res.RefundedAmount == refund })
	// 8. History.
	hist := &vpos.HistoryRequest{OrderID: id(1)}
	what = "history of sale 1"
	if !f.History && !f.OrderHistory {
		_, err := client.History(ctx, hist)
		steps = append(steps, step{bank: p.bank, what: "history (the bank offers none: refused without a request)", order: id(1),
			want: string(vpos.Unsupported), got: string(vpos.CodeOf(err)), ok: errors.Is(err, vpos.ErrUnsupported)})
		hist = nil
	} else if f.History {
		from, to := vpos.IstanbulDay(time.Now())
		hist, what = &vpos.HistoryRequest{From: from, To: to}, "today's history"
	}
	var rows []vpos.BankTransaction
	if hist != nil {
		rows, err = client.History(ctx, hist)
		add(what, id(1), "ok", nil, err, func() bool {
			for _, r := range rows {
				if r.OrderID == id(1) || r.OrderID == "" {
					return true
				}
			}
			return false
		})
		if err == nil {
			steps[len(steps)-1].got = fmt.Sprintf("%d rows", len(rows))
			steps[len(steps)-1].want = steps[len(steps)-1].got
		}
	}
	// The bank's books agree: one booking per approved charge.
	if l := bank.Ledger(); l != nil {
		want := 4 // sale 1, 3D sale, pre-auth, sale 5
		got := l.Bookings()
		steps = append(steps, step{bank: p.bank, what: "bank's bookings", want: fmt.Sprint(want), got: fmt.Sprint(got), ok: got == want})
	}
	return steps
}

func cardFor(m threed.Model, c vpos.Card) vpos.Card {
	if m.CardOnBankPage() {
		return vpos.Card{}
	}
	return c
}

func printSteps(w io.Writer, steps []step) (failed int) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "BANK\tSTEP\tORDER\tEXPECTED\tGOT\tREASON (TR / EN)")
	for _, s := range steps {
		mark := "ok"
		if !s.ok {
			mark = "FAILED"
			failed++
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s %s\t%s\n", s.bank, s.what, s.order, s.want, s.got, mark, strings.TrimSpace(s.reason))
	}
	tw.Flush()
	return failed
}

func countStored(ctx context.Context, store vpos.Store) int {
	n := 0
	f := vpos.ListFilter{Limit: 500}
	for {
		recs, next, err := store.List(ctx, f)
		if err != nil {
			return n
		}
		n += len(recs)
		if next == "" {
			return n
		}
		f.Cursor = next
	}
}
