package terminals

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"reflect"
	"sync"
	"sync/atomic"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks"
)

// Options configures a Registry. A nil *Options means all defaults.
type Options struct {
	// Base is copied into every Client's vpos.Options: Store, Hooks,
	// Logger, Clock, Timeout, HTTPClient and the rest are shared by all
	// POS; Company, POS, Bank, SourceIP and RegisteredIP come from each
	// definition. Nil means vpos defaults (then every Client gets its own
	// MemoryStore: pass a Store to see all records in one place). A
	// definition with a source_ip cannot be combined with a Base HTTPClient.
	Base *vpos.Options
	// LookupEnv resolves the file's ${NAME} references; nil means
	// os.LookupEnv. It is called on every load and reload.
	LookupEnv func(string) (string, bool)
	// OnReload, when set, hears the outcome of every reload Watch makes:
	// nil after a successful one, the error (a *ValidationError for a bad
	// file) after a refused one. Base.Logger hears them too.
	OnReload func(err error)
}

// Registry is the loaded set of definitions and their Clients: what an ERP
// holds to take payments for several companies. It is safe for concurrent
// use. Reload, Replace and Watch swap in a new set atomically: a caller
// that got a *vpos.Client keeps using it, so in-flight payments finish on
// the Client they started on, and a POS whose definition did not change
// keeps its Client (and its connections) across reloads. A new set that
// has any problem is refused as a whole and the old one stays.
//
// Clients are built eagerly, when a set is loaded (building does no I/O),
// so a reload reports every problem at once. A POS of a bank whose
// protocol is not implemented yet is listed; Client and Default answer an
// error matching banks.ErrNotSupportedYet for it.
type Registry struct {
	path     string
	base     vpos.Options
	lookup   func(string) (string, bool)
	onReload func(error)
	logger   *slog.Logger

	mu  sync.Mutex // serialises loads: read, parse, build, store
	cur atomic.Pointer[snapshot]
}

// snapshot is one loaded set; it never changes once stored.
type snapshot struct {
	cfg       *Config
	sum       [sha256.Size]byte // of the file it came from (zero for Go values)
	companies map[string]*company
}

type company struct {
	name  string
	pos   map[string]*entry
	def   *entry // default_pos, or the only POS
	byCur map[vpos.Currency]*entry
}

type entry struct {
	def    banks.Definition
	client *vpos.Client
	err    error // *banks.NotSupportedError when the protocol is not implemented yet
}

func newRegistry(opts *Options) *Registry {
	r := &Registry{lookup: os.LookupEnv}
	if opts != nil {
		if opts.Base != nil {
			r.base = *opts.Base
		}
		if opts.LookupEnv != nil {
			r.lookup = opts.LookupEnv
		}
		r.onReload = opts.OnReload
	}
	r.logger = r.base.Logger
	return r
}

// Open loads the definitions file at path (see Parse) and builds its
// Clients. Its error is a *ValidationError listing every problem, or the
// error reading the file. Reload and Watch read the same path again.
func Open(path string, opts *Options) (*Registry, error) {
	r := newRegistry(opts)
	r.path = path
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("terminals: read definitions: %w", err)
	}
	if err := r.load(data); err != nil {
		return nil, err
	}
	return r, nil
}

// New builds a Registry from Go values (an ERP that keeps its definitions
// in its own database). cfg is copied, validated and used as is: its
// values are literal (call cfg.Expand first to resolve ${NAME}
// references). Replace swaps in new values; Reload and Watch answer
// ErrNoFile.
func New(cfg *Config, opts *Options) (*Registry, error) {
	r := newRegistry(opts)
	if err := r.Replace(cfg); err != nil {
		return nil, err
	}
	return r, nil
}

// Reload reads the definitions file again, resolves its references and, if
// it has no problem, swaps it in atomically. A bad file is refused: the
// error (a *ValidationError) lists every problem and the old set stays.
func (r *Registry) Reload() error {
	if r.path == "" {
		return ErrNoFile
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	data, err := os.ReadFile(r.path)
	if err != nil {
		return fmt.Errorf("terminals: read definitions: %w", err)
	}
	return r.load(data)
}

// Replace validates a copy of cfg, builds its Clients and swaps it in
// atomically, like Reload but from Go values. On any problem it returns a
// *ValidationError listing them all and keeps the old set.
func (r *Registry) Replace(cfg *Config) error {
	if cfg == nil {
		return &ValidationError{Problems: []banks.Problem{{Path: "companies", Message: "no company is defined"}}}
	}
	cfg = cfg.Clone()
	if ps := cfg.check(false); len(ps) > 0 {
		return &ValidationError{Problems: ps}
	}
	cfg.normalize()
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.install(cfg, [sha256.Size]byte{})
}

// load parses data and installs it; r.mu must be held (or r unshared), so
// that loads read, parse and install one after the other and an older
// file never replaces a newer one.
func (r *Registry) load(data []byte) error {
	cfg, err := Parse(data, r.lookup)
	if err != nil {
		return err
	}
	return r.install(cfg, sha256.Sum256(data))
}

// install builds cfg's Clients, reusing those of unchanged definitions,
// and stores the new set if nothing failed. r.mu must be held.
func (r *Registry) install(cfg *Config, sum [sha256.Size]byte) error {
	prev := r.cur.Load()
	snap := &snapshot{cfg: cfg, sum: sum, companies: map[string]*company{}}
	var ps []banks.Problem
	_, posPaths := cfg.paths()
	for i, co := range cfg.Companies {
		c := &company{name: co.Name, pos: map[string]*entry{}, byCur: map[vpos.Currency]*entry{}}
		for j, p := range co.POS {
			e := &entry{def: p.Definition(co.Name)}
			if old := prev.entry(co.Name, p.Name); old != nil && reflect.DeepEqual(old.def, e.def) {
				e.client, e.err = old.client, old.err
			} else {
				client, err := banks.Open(e.def, &r.base)
				switch {
				case err == nil:
					e.client = client
				case errors.Is(err, banks.ErrNotSupportedYet):
					e.err = err
				default:
					ps = append(ps, openProblems(posPaths[i][j], err)...)
				}
			}
			c.pos[key(p.Name)] = e
		}
		switch {
		case co.DefaultPOS != "":
			c.def = c.pos[key(co.DefaultPOS)]
		case len(co.POS) == 1:
			c.def = c.pos[key(co.POS[0].Name)]
		}
		for cur, name := range co.CurrencyDefaults {
			cur, _ := vpos.ParseCurrency(string(cur))
			c.byCur[cur] = c.pos[key(name)]
		}
		snap.companies[key(co.Name)] = c
	}
	if len(ps) > 0 {
		return &ValidationError{Problems: ps}
	}
	r.cur.Store(snap)
	return nil
}

// openProblems turns an error of banks.Open into problems under the POS's
// path.
func openProblems(pp string, err error) []banks.Problem {
	var ve *banks.ValidationError
	if errors.As(err, &ve) {
		out := make([]banks.Problem, len(ve.Problems))
		for i, p := range ve.Problems {
			out[i] = banks.Problem{Path: pp + "." + p.Path, Message: p.Message}
		}
		return out
	}
	var e *vpos.Error
	if errors.As(err, &e) && e.Field == "Options.SourceIP" {
		msg := e.Msg
		if e.Err != nil {
			msg += ": " + e.Err.Error()
		}
		return []banks.Problem{{Path: pp + ".source_ip", Message: msg}}
	}
	return []banks.Problem{{Path: pp, Message: err.Error()}}
}

func (s *snapshot) entry(companyName, posName string) *entry {
	if s == nil {
		return nil
	}
	c := s.companies[key(companyName)]
	if c == nil {
		return nil
	}
	return c.pos[key(posName)]
}

func (r *Registry) company(name string) (*company, error) {
	c := r.cur.Load().companies[key(name)]
	if c == nil {
		return nil, fmt.Errorf("%w %q", ErrUnknownCompany, name)
	}
	return c, nil
}

// result returns the entry's Client, or its not-supported error naming the
// company and POS.
func (e *entry) result() (*vpos.Client, error) {
	if e.client == nil {
		return nil, fmt.Errorf("terminals: company %s, POS %s: %w", e.def.Company, e.def.Name, e.err)
	}
	return e.client, nil
}

// Client returns the Client of a company's POS (names are matched without
// regard to case). It answers ErrUnknownCompany, ErrUnknownPOS, or an
// error matching banks.ErrNotSupportedYet for a POS of a bank whose
// protocol is not implemented yet.
func (r *Registry) Client(companyName, posName string) (*vpos.Client, error) {
	c, err := r.company(companyName)
	if err != nil {
		return nil, err
	}
	e := c.pos[key(posName)]
	if e == nil {
		return nil, fmt.Errorf("%w %q in company %s", ErrUnknownPOS, posName, c.name)
	}
	return e.result()
}

// Default returns the Client a company takes payments in cur with: the
// POS default_pos_by_currency names for cur, else the default_pos (or the
// company's only POS) when its Client accepts cur. Otherwise it answers
// ErrNoDefault.
func (r *Registry) Default(companyName string, cur vpos.Currency) (*vpos.Client, error) {
	c, err := r.company(companyName)
	if err != nil {
		return nil, err
	}
	cur, err = vpos.ParseCurrency(string(cur))
	if err != nil {
		return nil, fmt.Errorf("terminals: default POS of %s: %w", c.name, err)
	}
	if e := c.byCur[cur]; e != nil {
		return e.result()
	}
	if c.def == nil {
		return nil, fmt.Errorf("%w for %s in company %s; set default_pos or default_pos_by_currency", ErrNoDefault, cur, c.name)
	}
	client, err := c.def.result()
	if err != nil {
		return nil, err
	}
	if !client.Features().SupportsCurrency(cur) {
		return nil, fmt.Errorf("%w for %s in company %s: the default POS %s does not accept %s; set default_pos_by_currency",
			ErrNoDefault, cur, c.name, c.def.def.Name, cur)
	}
	return client, nil
}

// Definitions returns the loaded definitions for display (a back office,
// `vpos config check`): a copy whose secret credentials read "***", or
// "${NAME}" when they came from the environment variable NAME.
func (r *Registry) Definitions() *Config { return r.cur.Load().cfg.Masked() }

// Companies returns the names of the loaded companies in file order.
func (r *Registry) Companies() []string {
	cfg := r.cur.Load().cfg
	out := make([]string, len(cfg.Companies))
	for i, c := range cfg.Companies {
		out[i] = c.Name
	}
	return out
}

// report tells OnReload and the logger the outcome of a reload by Watch.
func (r *Registry) report(err error) {
	if r.onReload != nil {
		r.onReload(err)
	}
	if r.logger == nil {
		return
	}
	if err != nil {
		n := 0
		if ve := (*ValidationError)(nil); errors.As(err, &ve) {
			n = len(ve.Problems)
		}
		r.logger.Error("terminals: definitions reload refused; the previous definitions stay", "path", r.path,
			"problems", n, "err", err.Error())
		return
	}
	r.logger.Info("terminals: definitions reloaded", "path", r.path, "companies", len(r.Companies()))
}
