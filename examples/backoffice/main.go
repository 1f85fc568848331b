// Command backoffice is the example back office of an ERP built on vpos:
// payments taken over the phone (MOTO), the list of all virtual POS
// transactions with void and refund, the day-end reconciliation and the
// POS definitions, as server-rendered pages.
//
//	go run ./examples/backoffice                 # fake banks, built-in definitions
//	go run ./examples/backoffice --config FILE   # your definitions (real banks)
//
// There is no login: put it behind your own authentication or VPN. It binds
// to 127.0.0.1 by default for that reason.
package main

import (
	"context"
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks/garanti/garantitest"
	"github.com/sanalpos/vpos/banks/nestpay/nestpaytest"
	"github.com/sanalpos/vpos/store/sqlite"
	"github.com/sanalpos/vpos/terminals"
)

//go:embed definitions.yaml
var builtinDefinitions []byte

func main() {
	addr := flag.String("addr", "127.0.0.1:8081", "listen address (no login: keep it on loopback or behind your own auth)")
	db := flag.String("db", "backoffice.db", "SQLite store")
	config := flag.String("config", "", "definitions file (default: built-in definitions pointing at in-process fake banks)")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *addr, *db, *config); err != nil {
		fmt.Fprintln(os.Stderr, "backoffice:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, addr, db, config string) error {
	a, err := newApp(ctx, db, config)
	if err != nil {
		return err
	}
	defer a.Close()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: a.Handler, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	where := "the fake banks (built-in definitions)"
	if config != "" {
		where = config
	}
	fmt.Printf("vpos back office on http://%s  (POS: %s, store: %s)\n", ln.Addr(), where, db)
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// app is the back office put together: store, definitions, fake banks in
// demo mode, and the HTTP handler. Tests build it with newApp too.
type app struct {
	Handler  http.Handler
	Store    vpos.Store
	Registry *terminals.Registry
	// Demo is set when the built-in definitions run against fake banks.
	Demo  *demoBanks
	close []func()
}

// demoBanks are the in-process fake banks of the built-in definitions.
type demoBanks struct {
	Garanti *garantitest.Server
	Nestpay *nestpaytest.Server
	// Config is the resolved (unmasked) built-in definitions.
	Config *terminals.Config
}

// Close stops the fake banks and closes the store.
func (a *app) Close() {
	for i := len(a.close) - 1; i >= 0; i-- {
		a.close[i]()
	}
}

// newApp opens the SQLite store at db and the definitions (config, or the
// built-in ones with fake banks when config is empty).
func newApp(ctx context.Context, db, config string) (_ *app, err error) {
	a := &app{}
	defer func() {
		if err != nil {
			a.Close()
		}
	}()
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		return nil, err
	}
	a.close = append(a.close, func() { st.Close() })
	a.Store = st
	opts := &terminals.Options{Base: &vpos.Options{Store: st, Logger: slog.New(slog.DiscardHandler)}}
	if config != "" {
		a.Registry, err = terminals.Open(config, opts)
		if err != nil {
			return nil, err
		}
	} else {
		a.Demo = startFakes()
		a.close = append(a.close, a.Demo.Garanti.Close, a.Demo.Nestpay.Close)
		cfg, err := terminals.Parse(builtinDefinitions, a.Demo.lookup)
		if err != nil {
			return nil, fmt.Errorf("built-in definitions: %w", err)
		}
		a.Demo.Config = cfg
		a.Registry, err = terminals.New(cfg, opts)
		if err != nil {
			return nil, fmt.Errorf("built-in definitions: %w", err)
		}
	}
	a.Handler = newServer(a.Registry, a.Store, a.Demo)
	return a, nil
}

// startFakes starts the fake banks the built-in definitions point at.
func startFakes() *demoBanks {
	return &demoBanks{Garanti: garantitest.NewServer(), Nestpay: nestpaytest.NewServer()}
}

// lookup resolves the ${NAME} references of the built-in definitions from
// the fake banks' addresses and credentials.
func (d *demoBanks) lookup(name string) (string, bool) {
	g, n := d.Garanti.Credentials(), d.Nestpay.Credentials()
	v, ok := map[string]string{
		"GARANTI_API_URL":         d.Garanti.APIURL(),
		"GARANTI_GATE_URL":        d.Garanti.GateURL(),
		"GARANTI_MERCHANT_ID":     g.MerchantID,
		"GARANTI_TERMINAL_ID":     g.TerminalID,
		"GARANTI_PROV_USER":       g.ProvUser,
		"GARANTI_PROV_PASSWORD":   g.ProvPassword,
		"GARANTI_REFUND_USER":     g.RefundUser,
		"GARANTI_REFUND_PASSWORD": g.RefundPassword,
		"GARANTI_STORE_KEY":       g.StoreKey,
		"ISBANK_API_URL":          d.Nestpay.APIURL(),
		"ISBANK_GATE_URL":         d.Nestpay.GateURL(),
		"ISBANK_CLIENT_ID":        n.ClientID,
		"ISBANK_USER":             n.User,
		"ISBANK_PASSWORD":         n.Password,
		"ISBANK_STORE_KEY":        n.StoreKey,
	}[name]
	return v, ok
}
