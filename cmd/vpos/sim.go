package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks"
	"github.com/sanalpos/vpos/banks/garanti/garantitest"
	"github.com/sanalpos/vpos/banks/nestpay/nestpaytest"
	"github.com/sanalpos/vpos/banks/payflex/payflextest"
	"github.com/sanalpos/vpos/banks/payfor/payfortest"
	"github.com/sanalpos/vpos/banks/posnet/posnettest"
	"github.com/sanalpos/vpos/terminals"
	"github.com/sanalpos/vpos/vpostest"
)

// simCompany is the company of the definitions vpos sim prints.
const simCompany = "Sim Ticaret A.Ş."

// simNestpayCredentials are the NestPay fake's credentials in the
// simulator: fixed (the fake's defaults are random), so that a definitions
// file printed once keeps working after a restart.
var simNestpayCredentials = nestpaytest.Credentials{
	ClientID: "700655000200",
	User:     "VPOSAPI",
	Password: "SimNestpayApiPassword-Qwxz",
	StoreKey: "SimNestpayStoreKeyForThreeDSecure-Hmpq",
}

// simBank is one fake bank served by the simulator under /<prefix>/.
type simBank struct {
	prefix string // path prefix, without slashes: "nestpay"
	title  string // for people: "İşbank (NestPay)"
	pos    terminals.POS
	fake   fakeBank
	h      http.Handler
}

// simulator serves every implemented fake bank on one listener, one path
// prefix per bank.
type simulator struct {
	base  string // "http://127.0.0.1:8090"
	banks []simBank
	cfg   *terminals.Config
}

// newSimulator starts the fake banks with base (the URL the simulator is
// reached at, without a trailing slash) as their public address, each under
// base + "/" + its prefix. Close it when done.
func newSimulator(base string) *simulator {
	base = strings.TrimSuffix(base, "/")
	at := func(prefix string) string { return base + "/" + prefix }

	np := nestpaytest.NewServer(nestpaytest.WithBaseURL(at("nestpay")), nestpaytest.WithCredentials(simNestpayCredentials))
	gr := garantitest.NewServer(garantitest.WithBaseURL(at("garanti")))
	yk := posnettest.NewServer(posnettest.WithBaseURL(at("posnet")))
	pf := payflextest.NewServer(payflextest.WithBaseURL(at("payflex")))
	qf := payfortest.NewServer(payfortest.WithBaseURL(at("payfor")))
	nc, gc, yc, fc, qc := np.Credentials(), gr.Credentials(), yk.Credentials(), pf.Credentials(), qf.Credentials()

	s := &simulator{base: base, banks: []simBank{
		{prefix: "nestpay", title: "İşbank (NestPay)", fake: np, h: np.Handler(), pos: terminals.POS{
			Name: "isbank-sim", Bank: "isbank", Mode: banks.Mode3D,
			Description: "fake NestPay bank of vpos sim",
			URLs:        map[string]string{"api": np.APIURL(), "gate3d": np.GateURL()},
			Credentials: banks.Credentials{"client_id": nc.ClientID, "user": nc.User, "password": nc.Password, "store_key": nc.StoreKey},
		}},
		{prefix: "garanti", title: "Garanti BBVA", fake: gr, h: gr.Handler(), pos: terminals.POS{
			Name: "garanti-sim", Bank: "garanti", Mode: banks.Mode3D,
			Description: "fake Garanti BBVA of vpos sim",
			URLs:        map[string]string{"api": gr.APIURL(), "gate3d": gr.GateURL()},
			Credentials: banks.Credentials{"merchant_id": gc.MerchantID, "terminal_id": gc.TerminalID,
				"prov_user": gc.ProvUser, "prov_password": gc.ProvPassword,
				"refund_user": gc.RefundUser, "refund_password": gc.RefundPassword, "store_key": gc.StoreKey},
		}},
		{prefix: "posnet", title: "Yapı Kredi (POSNET)", fake: yk, h: yk.Handler(), pos: terminals.POS{
			Name: "yapikredi-sim", Bank: "yapikredi", Mode: banks.Mode3D,
			Description: "fake Yapı Kredi POSNET of vpos sim",
			URLs:        map[string]string{"api": yk.APIURL(), "gate3d": yk.GateURL()},
			Credentials: banks.Credentials{"merchant_id": yc.MerchantID, "terminal_id": yc.TerminalID, "posnet_id": yc.PosnetID, "enc_key": yc.EncKey},
		}},
		{prefix: "payflex", title: "VakıfBank (PayFlex)", fake: pf, h: pf.Handler(), pos: terminals.POS{
			Name: "vakifbank-sim", Bank: "vakifbank", Mode: banks.Mode3D,
			Description: "fake VakıfBank PayFlex of vpos sim",
			URLs:        map[string]string{"api": pf.VPOSURL(), "mpi": pf.MPIURL(), "search": pf.SearchURL()},
			Credentials: banks.Credentials{"merchant_id": fc.MerchantID, "password": fc.Password, "terminal_no": fc.TerminalNo,
				"merchant_type": fc.MerchantType},
		}},
		{prefix: "payfor", title: "QNB Finansbank (PayFor)", fake: qf, h: qf.Handler(), pos: terminals.POS{
			Name: "qnb-sim", Bank: "qnbfinansbank", Mode: banks.Mode3D,
			Description: "fake QNB Finansbank PayFor of vpos sim",
			URLs:        map[string]string{"api": qf.APIURL(), "gate3d": qf.Gate3DURL(), "hosted_gate3d": qf.HostedGate3DURL()},
			Credentials: banks.Credentials{"merchant_id": qc.MerchantID, "user_code": qc.UserCode,
				"user_password": qc.UserPass, "merchant_pass": qc.MerchantPass},
		}},
	}}
	c := terminals.Company{Name: simCompany, DefaultPOS: s.banks[0].pos.Name}
	for _, b := range s.banks {
		c.POS = append(c.POS, b.pos)
	}
	s.cfg = &terminals.Config{Companies: []terminals.Company{c}}
	return s
}

// Handler serves every bank under its prefix: /nestpay/fim/api,
// /garanti/servlet/gt3dengine, ... and a plain-text index at /.
func (s *simulator) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, b := range s.banks {
		p := "/" + b.prefix
		mux.Handle(p+"/", http.StripPrefix(p, b.h))
	}
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "vpos sim: fake banks")
		for _, b := range s.banks {
			fmt.Fprintf(w, "  %-22s %s/%s/\n", b.title, s.base, b.prefix)
		}
	})
	return mux
}

// Close stops the fake banks.
func (s *simulator) Close() {
	for _, b := range s.banks {
		b.fake.Close()
	}
}

// WriteDefinitions writes the definitions file pointing at the simulator
// (terminals.Parse accepts it) with the test cards as a comment block.
func (s *simulator) WriteDefinitions(w io.Writer) error {
	var data bytes.Buffer
	enc := yaml.NewEncoder(&data)
	enc.SetIndent(2)
	if err := enc.Encode(s.cfg); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# vpos definitions for the fake banks of `vpos sim` at %s.\n", s.base)
	b.WriteString("# Load them with terminals.Load / `vpos config check FILE`, or read the\n")
	b.WriteString("# URLs and credentials below from an ERP in any language. The fakes keep\n")
	b.WriteString("# their books in memory: a restart forgets every transaction.\n\n")
	b.Write(data.Bytes())
	b.WriteString("\n# Test cards of each bank (any other well-formed card number is approved).\n")
	b.WriteString("# At a 3-D Secure ACS page the shopper picks the authentication result\n")
	fmt.Fprintf(&b, "# with a button (field %q: %s).\n", vpostest.ACSOutcomeField, joinACSOutcomes())
	for _, bk := range s.banks {
		fmt.Fprintf(&b, "#\n#   %s, %s/%s/:\n", bk.title, s.base, bk.prefix)
		writeCards(&b, "#     ", bk.fake.Cards())
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// joinACSOutcomes lists the outcomes an ACS page offers.
func joinACSOutcomes() string {
	var names []string
	for _, o := range vpostest.ACSOutcomes() {
		names = append(names, string(o))
	}
	return strings.Join(names, ", ")
}

// writeCards writes one comment line per test card.
func writeCards(b *strings.Builder, indent string, c vpostest.Cards) {
	line := func(what string, card vpos.Card) {
		fmt.Fprintf(b, "%s%-34s %s  exp %02d/%d  cvv %s\n", indent, what, card.Number, card.ExpMonth, card.ExpYear, card.CVV)
	}
	line("approve:", c.Approve)
	line("3-D Secure (approve):", c.ThreeD)
	for _, o := range vpostest.DeclineOutcomes() {
		line(fmt.Sprintf("decline %s (%s):", o.ISOCode(), o), c.ForOutcome(o))
	}
}

// simCmd is `vpos sim`.
func simCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("sim", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8090", "address to listen on")
	public := fs.String("url", "", "base URL the banks give out (default: http://ADDR; set it when the ERP reaches the simulator through another address)")
	printOnly := fs.Bool("print-config", false, "print the definitions file and exit, serving nothing")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: vpos sim [-addr HOST:PORT] [-url BASE] [-print-config]")
		return 2
	}
	if *printOnly {
		base, err := simBase(*public, *addr)
		if err != nil {
			fmt.Fprintln(stderr, "vpos sim:", err)
			return 2
		}
		s := newSimulator(base)
		defer s.Close()
		if err := s.WriteDefinitions(stdout); err != nil {
			fmt.Fprintln(stderr, "vpos sim:", err)
			return 1
		}
		return 0
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", *addr)
	if err != nil {
		fmt.Fprintln(stderr, "vpos sim:", err)
		return 1
	}
	base, err := simBase(*public, ln.Addr().String())
	if err != nil {
		ln.Close()
		fmt.Fprintln(stderr, "vpos sim:", err)
		return 2
	}
	s := newSimulator(base)
	defer s.Close()
	if err := s.WriteDefinitions(stdout); err != nil {
		ln.Close()
		fmt.Fprintln(stderr, "vpos sim:", err)
		return 1
	}
	fmt.Fprintf(stderr, "vpos sim: serving the fake banks at %s (", base)
	for i, b := range s.banks {
		if i > 0 {
			fmt.Fprint(stderr, ", ")
		}
		fmt.Fprintf(stderr, "/%s/", b.prefix)
	}
	fmt.Fprintln(stderr, "); interrupt to stop")
	if err := serveSim(ctx, ln, s.Handler()); err != nil {
		fmt.Fprintln(stderr, "vpos sim:", err)
		return 1
	}
	return 0
}

// serveSim serves h on ln until ctx is done, then shuts down gracefully.
func serveSim(ctx context.Context, ln net.Listener, h http.Handler) error {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := srv.Shutdown(sctx)
	if serr := <-done; !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return err
}

// simBase is the base URL of the simulator: public when given, else
// http://addr, with an unspecified host (":8090", "0.0.0.0:8090") replaced
// by 127.0.0.1.
func simBase(public, addr string) (string, error) {
	if public != "" {
		u, err := url.Parse(public)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
			return "", fmt.Errorf("-url %q: want an absolute http(s) URL without query", public)
		}
		return strings.TrimSuffix(u.String(), "/"), nil
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("-addr %q: %w", addr, err)
	}
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port), nil
}
