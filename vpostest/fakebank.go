package vpostest

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

// FakeBankConfig is what a fake bank's options set in the scaffolding the
// fakes share (see FakeBank). The zero value is the default: the bank's
// own listener's URL, time.Now and DefaultCards.
type FakeBankConfig struct {
	// BaseURL is the base URL the bank gives out instead of its own
	// listener's, e.g. "http://127.0.0.1:8090/bank" when the bank's
	// Handler is mounted under that prefix by another server. A trailing
	// slash is ignored. Empty means the listener's URL.
	BaseURL string
	// Clock is the bank's clock; nil means time.Now. The ledger follows it.
	Clock func() time.Time
	// Cards replaces the test cards; nil means DefaultCards(Clock()).
	Cards *Cards
}

// FakeBank is the scaffolding every fake bank of the module shares: a
// loopback httptest.Server serving the bank's routes wrapped in a fault
// injector, the base URL the bank gives out, its Ledger, Faults, Cards and
// clock, and per-kind request counters. A fake's Server embeds a
// *FakeBank, made by NewFakeBank, and adds its bank's own protocol.
//
// A FakeBank is safe for concurrent use.
type FakeBank struct {
	srv       *httptest.Server
	base      string       // BaseURL, or "" for srv.URL
	handler   http.Handler // the routes, wrapped in the fault injector
	clock     func() time.Time
	ledger    *Ledger
	faults    *Faults
	cards     Cards
	closeOnce sync.Once

	mu       sync.Mutex
	requests map[string]int // requests per kind, see Count
}

// NewFakeBank starts a fake bank's listener serving routes, wrapped in the
// bank's fault injector (Faults().Wrap), and sets up its ledger, cards and
// clock from cfg. Close it when done.
func NewFakeBank(cfg FakeBankConfig, routes http.Handler) *FakeBank {
	clock := cfg.Clock
	if clock == nil {
		clock = time.Now
	}
	b := &FakeBank{
		base:     strings.TrimSuffix(cfg.BaseURL, "/"),
		clock:    clock,
		ledger:   NewLedger(clock),
		faults:   &Faults{},
		requests: map[string]int{},
	}
	if cfg.Cards != nil {
		b.cards = *cfg.Cards
	} else {
		b.cards = DefaultCards(clock())
	}
	b.handler = b.faults.Wrap(routes)
	b.srv = httptest.NewServer(b.handler)
	return b
}

// URL returns the bank's base URL: FakeBankConfig.BaseURL when set
// (without its trailing slash), else its own listener's, e.g.
// "http://127.0.0.1:41234".
func (b *FakeBank) URL() string {
	if b.base != "" {
		return b.base
	}
	return b.srv.URL
}

// Handler returns the bank's routes (API, 3-D Secure gate, ACS and the
// other pages), wrapped in its fault injector, as the server's own
// listener serves them. Mount it elsewhere, e.g. under a path prefix with
// http.StripPrefix, together with a base URL (the fake's WithBaseURL) so
// that the pages the bank builds point back at where it is mounted. The
// bank's own listener keeps running; Close still stops it.
func (b *FakeBank) Handler() http.Handler { return b.handler }

// Close shuts the bank down, first waking requests that hang under
// FaultHangAfterBook. It may be called more than once.
func (b *FakeBank) Close() {
	b.closeOnce.Do(func() {
		b.faults.Release()
		b.srv.Close()
	})
}

// Ledger returns what the bank booked.
func (b *FakeBank) Ledger() *Ledger { return b.ledger }

// Faults returns the bank's fault injector; every request to the bank goes
// through Faults().Wrap, and Faults().Requests() counts the requests that
// reached the bank, including those a fault answered before routing. Its
// HTTPClient is the client an adapter must use for FaultConnRefused to
// work.
func (b *FakeBank) Faults() *Faults { return b.faults }

// Cards returns the bank's test cards.
func (b *FakeBank) Cards() Cards { return b.cards }

// HTTPClient returns a client for the bank's API that honours
// FaultConnRefused (Faults().HTTPClient()): route the adapter's API calls
// through it.
func (b *FakeBank) HTTPClient() *http.Client { return b.faults.HTTPClient() }

// Now returns the bank's time (FakeBankConfig.Clock, time.Now by default).
func (b *FakeBank) Now() time.Time { return b.clock() }

// Count counts one request of kind that the bank routed; the fake names
// its kinds (an endpoint, a path). Requests reads the counts.
func (b *FakeBank) Count(kind string) {
	b.mu.Lock()
	b.requests[kind]++
	b.mu.Unlock()
}

// Requests returns the number of requests of kind that reached the bank's
// routes, after fault handling (see Count; the fake's Server documents its
// kinds). Faults().Requests() counts them all, including those a fault
// answered before routing.
func (b *FakeBank) Requests(kind string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.requests[kind]
}
