// Command checkout is a small shop that takes card payments through vpos:
// a "complete order" page and a "pay balance" page for several companies,
// 3-D Secure through Begin3D and the threed callback handler, non-3D sales
// for POS defined in regular mode, result pages with the decline reason in
// Turkish or English, every attempt stored in SQLite.
//
//	go run ./examples/checkout                     # against the built-in fake banks
//	go run ./examples/checkout --config defs.yaml  # against real banks
//
// See README.md for what to click.
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
	"github.com/sanalpos/vpos/vpostest"
)

// fakeDefinitions is the definitions file used when no --config is given.
//
//go:embed fakebanks.yaml
var fakeDefinitions []byte

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to serve the shop on")
	db := flag.String("db", "checkout.db", "SQLite database file every payment attempt is stored in")
	config := flag.String("config", "", "POS definitions file of real banks (default: the built-in fake banks)")
	publicURL := flag.String("public-url", "", "URL shoppers reach the shop at, for the 3-D Secure callback (default: from the request)")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *addr, *db, *config, *publicURL); err != nil {
		fmt.Fprintln(os.Stderr, "checkout:", err)
		os.Exit(1)
	}
}

// run builds the shop and serves it until ctx is done.
func run(ctx context.Context, addr, dbPath, configPath, publicURL string) error {
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	srv, closeShop, err := newShop(ctx, dbPath, configPath, logger)
	if err != nil {
		return err
	}
	defer closeShop()
	srv.publicURL = publicURL

	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = hs.Shutdown(sctx)
	}()
	fmt.Printf("checkout: open http://%s/ (payments stored in %s)\n", ln.Addr(), dbPath)
	if srv.fakes != nil {
		fmt.Println("checkout: fake banks; test cards are shown on the payment page")
	}
	if err := hs.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// newShop opens the SQLite store at dbPath and the definitions file at
// configPath, or starts the fake banks and loads the built-in definitions
// when configPath is empty, and returns the shop and the function that
// closes what it opened.
func newShop(ctx context.Context, dbPath, configPath string, logger *slog.Logger) (*server, func(), error) {
	store, err := sqlite.Open(ctx, dbPath)
	if err != nil {
		return nil, nil, err
	}
	opts := &terminals.Options{Base: &vpos.Options{Store: store, Logger: logger}}
	if configPath != "" {
		reg, err := terminals.Open(configPath, opts)
		if err != nil {
			store.Close()
			return nil, nil, err
		}
		// Edits of the file take effect without a restart.
		go func() { _ = reg.Watch(ctx, 0) }()
		return newServer(reg, nil, logger), func() { store.Close() }, nil
	}
	fakes := startFakeBanks()
	reg, err := fakes.registry(opts)
	if err != nil {
		fakes.Close()
		store.Close()
		return nil, nil, err
	}
	return newServer(reg, fakes, logger), func() { fakes.Close(); store.Close() }, nil
}

// fakeBanks are the in-process fake banks the built-in definitions point at.
type fakeBanks struct {
	nestpay *nestpaytest.Server
	garanti *garantitest.Server
}

// startFakeBanks starts the NestPay and Garanti fake banks on loopback ports.
func startFakeBanks() *fakeBanks {
	return &fakeBanks{nestpay: nestpaytest.NewServer(), garanti: garantitest.NewServer()}
}

// Close stops the fake banks.
func (f *fakeBanks) Close() {
	f.nestpay.Close()
	f.garanti.Close()
}

// env resolves the ${FAKE_...} references of fakebanks.yaml from the
// running fakes.
func (f *fakeBanks) env(name string) (string, bool) {
	n, g := f.nestpay.Credentials(), f.garanti.Credentials()
	v, ok := map[string]string{
		"FAKE_NESTPAY_API":             f.nestpay.APIURL(),
		"FAKE_NESTPAY_GATE":            f.nestpay.GateURL(),
		"FAKE_NESTPAY_CLIENT_ID":       n.ClientID,
		"FAKE_NESTPAY_USER":            n.User,
		"FAKE_NESTPAY_PASSWORD":        n.Password,
		"FAKE_NESTPAY_STORE_KEY":       n.StoreKey,
		"FAKE_GARANTI_API":             f.garanti.APIURL(),
		"FAKE_GARANTI_GATE":            f.garanti.GateURL(),
		"FAKE_GARANTI_MERCHANT_ID":     g.MerchantID,
		"FAKE_GARANTI_TERMINAL_ID":     g.TerminalID,
		"FAKE_GARANTI_PROV_USER":       g.ProvUser,
		"FAKE_GARANTI_PROV_PASSWORD":   g.ProvPassword,
		"FAKE_GARANTI_REFUND_USER":     g.RefundUser,
		"FAKE_GARANTI_REFUND_PASSWORD": g.RefundPassword,
		"FAKE_GARANTI_STORE_KEY":       g.StoreKey,
	}[name]
	return v, ok
}

// registry loads the embedded definitions pointing at the fakes.
func (f *fakeBanks) registry(opts *terminals.Options) (*terminals.Registry, error) {
	cfg, err := terminals.Parse(fakeDefinitions, f.env)
	if err != nil {
		return nil, err
	}
	return terminals.New(cfg, opts)
}

// cards returns the test cards of the fake that serves bank (a bank name
// of the definitions), and false for a bank no fake serves.
func (f *fakeBanks) cards(bank string) (vpostest.Cards, bool) {
	switch bank {
	case "isbank":
		return f.nestpay.Cards(), true
	case "garanti":
		return f.garanti.Cards(), true
	}
	return vpostest.Cards{}, false
}
