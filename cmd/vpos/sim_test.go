package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/terminals"
	"github.com/sanalpos/vpos/threed"
	"github.com/sanalpos/vpos/vpostest"
)

// pathLog records the paths a handler was asked for.
type pathLog struct {
	mu    sync.Mutex
	paths map[string]bool
}

func (l *pathLog) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l.mu.Lock()
		l.paths[r.URL.Path] = true
		l.mu.Unlock()
		h.ServeHTTP(w, r)
	})
}

// under returns the distinct paths asked for under prefix.
func (l *pathLog) under(prefix string) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for p := range l.paths {
		if strings.HasPrefix(p, prefix) {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

// startSim serves a simulator on 127.0.0.1:0 until the test ends and
// returns it with the definitions it printed and the log of the paths the
// single port served.
func startSim(t *testing.T) (*simulator, []byte, *pathLog) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base, err := simBase("", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	s := newSimulator(base)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	log := &pathLog{paths: map[string]bool{}}
	go func() { done <- serveSim(ctx, ln, log.wrap(s.Handler())) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serveSim: %v", err)
		}
		s.Close()
	})
	var defs bytes.Buffer
	if err := s.WriteDefinitions(&defs); err != nil {
		t.Fatal(err)
	}
	return s, defs.Bytes(), log
}

// TestSim takes a sale and a 3-D Secure payment through every fake bank
// of the simulator, using only the printed definitions file and the one
// port, and checks each bank booked both.
func TestSim(t *testing.T) {
	s, defs, log := startSim(t)
	cfg, err := terminals.Parse(defs, nil)
	if err != nil {
		t.Fatalf("terminals.Parse of the printed definitions: %v\n%s", err, defs)
	}
	for _, want := range []string{"# Test cards", "4000009999000006", "4000009999030003", "decline 51 (insufficient_funds)", "/payflex/:"} {
		if !bytes.Contains(defs, []byte(want)) {
			t.Errorf("definitions lack %q:\n%s", want, defs)
		}
	}
	// Every URL points at the simulator's single port, under the bank's prefix.
	if len(cfg.Companies) != 1 || len(cfg.Companies[0].POS) != len(s.banks) {
		t.Fatalf("definitions: %d companies, want 1 with %d POS", len(cfg.Companies), len(s.banks))
	}
	for i, p := range cfg.Companies[0].POS {
		if p.Mode != "3d" {
			t.Errorf("%s: mode %q, want 3d", p.Name, p.Mode)
		}
		for role, u := range p.URLs {
			if prefix := s.base + "/" + s.banks[i].prefix + "/"; !strings.HasPrefix(u, prefix) {
				t.Errorf("%s: url %s = %s, want under %s", p.Name, role, u, prefix)
			}
		}
	}
	resp, err := http.Get(s.base + "/")
	if err != nil {
		t.Fatal(err)
	}
	index, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(index), s.base+"/posnet/") {
		t.Errorf("index page lacks the banks:\n%s", index)
	}
	if resp, err := http.Get(s.base + "/nope/fim/api"); err != nil || resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown bank: %v, %v; want 404", resp, err)
	} else {
		resp.Body.Close()
	}
	reg, err := terminals.New(cfg, &terminals.Options{Base: &vpos.Options{StatusCheckDelay: 50 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	run := time.Now().UnixMilli() % 1_000_000
	for i, b := range s.banks {
		t.Run(b.prefix, func(t *testing.T) {
			client, err := reg.Client(simCompany, b.pos.Name)
			if err != nil {
				t.Fatal(err)
			}
			cards := b.fake.Cards()
			sale := vpos.SaleRequest{OrderID: orderID(run, i, 1), Amount: 125050, Currency: vpos.TRY,
				Card: cards.Approve, CustomerIP: "203.0.113.10"}
			res, err := client.Sale(ctx, &sale)
			if err != nil || res.Status != vpos.StatusApproved {
				t.Fatalf("sale: %+v, %v", res, err)
			}
			declined := sale
			declined.OrderID, declined.Card = orderID(run, i, 2), cards.InsufficientFunds
			if _, err := client.Sale(ctx, &declined); !errors.Is(err, vpos.ErrDeclined) {
				t.Errorf("sale with the insufficient-funds card: %v, want declined", err)
			}

			form, err := client.Begin3D(ctx, &vpos.ThreeDRequest{OrderID: orderID(run, i, 3), Amount: 45000, Currency: vpos.TRY,
				Installments: 3, Model: threed.Model3D, Card: cards.ThreeD, CustomerIP: "203.0.113.10",
				OkURL: "https://shop.example.com.tr/3d/ok", FailURL: "https://shop.example.com.tr/3d/fail"})
			if err != nil {
				t.Fatalf("Begin3D: %v", err)
			}
			if prefix := s.base + "/" + b.prefix + "/"; !strings.HasPrefix(form.Action, prefix) {
				t.Errorf("3D form posts to %s, want under %s", form.Action, prefix)
			}
			cb, err := (&vpostest.Browser{}).RunACS(ctx, form, vpostest.ACSSuccess)
			if err != nil {
				t.Fatalf("ACS: %v", err)
			}
			res, err = client.Complete3D(ctx, cb)
			if err != nil || res.Status != vpos.StatusApproved {
				t.Fatalf("Complete3D: %+v, %v", res, err)
			}
			if got := b.fake.Ledger().Bookings(); got != 2 {
				t.Errorf("the bank booked %d charges, want 2 (the sale and the 3D payment)", got)
			}
			// API, 3D gate and ACS page at least, all through the one port.
			if got := log.under("/" + b.prefix + "/"); len(got) < 3 {
				t.Errorf("the simulator's port served %q for %s, want the API, the gate and the ACS", got, b.prefix)
			}
		})
	}
}

func orderID(run int64, bank, n int) string { return fmt.Sprintf("SIM%06d%d%02d", run, bank, n) }

// syncBuffer is a bytes.Buffer safe for one writer and one reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestSimCommand runs `vpos sim` itself: it prints definitions that load,
// serves them until its context ends, then exits 0.
func TestSimCommand(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var out, errOut syncBuffer
	code := make(chan int, 1)
	go func() { code <- simCmd(ctx, []string{"-addr", "127.0.0.1:0"}, &out, &errOut) }()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(errOut.String(), "interrupt to stop") {
		if time.Now().After(deadline) {
			t.Fatalf("vpos sim did not start; stderr:\n%s", errOut.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	cfg, err := terminals.Parse([]byte(out.String()), nil)
	if err != nil {
		t.Fatalf("terminals.Parse: %v\n%s", err, out.String())
	}
	reg, err := terminals.New(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	client, err := reg.Client(simCompany, "garanti-sim")
	if err != nil {
		t.Fatal(err)
	}
	res, err := client.Sale(ctx, &vpos.SaleRequest{OrderID: fmt.Sprintf("SIMCMD%06d", time.Now().UnixMilli()%1_000_000), Amount: 1000,
		Currency: vpos.TRY, Card: vpostest.DefaultCards(time.Now()).Approve, CustomerIP: "203.0.113.10"})
	if err != nil || res.Status != vpos.StatusApproved {
		t.Fatalf("sale through vpos sim: %+v, %v", res, err)
	}
	cancel()
	select {
	case c := <-code:
		if c != 0 {
			t.Errorf("vpos sim exited %d; stderr:\n%s", c, errOut.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("vpos sim did not stop when its context ended")
	}
}

func TestSimPrintConfig(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"sim", "-print-config", "-addr", "0.0.0.0:8091"}, &out, &errOut); code != 0 {
		t.Fatalf("vpos sim -print-config exited %d: %s", code, errOut.String())
	}
	if _, err := terminals.Parse(out.Bytes(), nil); err != nil {
		t.Fatalf("terminals.Parse: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "http://127.0.0.1:8091/nestpay/fim/api") {
		t.Errorf("definitions do not point at 127.0.0.1:8091:\n%s", out.String())
	}
	out.Reset()
	if code := run([]string{"sim", "-print-config", "-url", "http://sim.internal:9000/"}, &out, &errOut); code != 0 {
		t.Fatalf("vpos sim -print-config -url exited %d: %s", code, errOut.String())
	}
	if !strings.Contains(out.String(), "http://sim.internal:9000/garanti/VPServlet") {
		t.Errorf("definitions do not use -url:\n%s", out.String())
	}
	for _, args := range [][]string{{"sim", "extra"}, {"sim", "-print-config", "-url", "ftp://x"}, {"sim", "-print-config", "-addr", "nope"}} {
		if code := run(args, &out, &errOut); code != 2 {
			t.Errorf("run(%q) = %d, want 2", args, code)
		}
	}
}
