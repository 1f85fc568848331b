package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os/user"
	"strings"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/reconcile"
	"github.com/sanalpos/vpos/terminals"
)

// reconcileCmd is `vpos reconcile`: it compares the store's transactions of
// a company's POS on one Istanbul day with the bank's records (Client.History,
// or a report file), prints the report and, with --apply, enters what is
// missing. Exit status: 0 all matched (or applied), 1 discrepancies found
// without --apply, 2 usage, 3 failure.
func reconcileCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("reconcile", flag.ContinueOnError)
	fs.SetOutput(stderr)
	config := fs.String("config", "", "definitions file (required)")
	company := fs.String("company", "", "company name (required)")
	pos := fs.String("pos", "", "POS name (required)")
	date := fs.String("date", "", "Istanbul calendar day, YYYY-MM-DD (required)")
	bankFile := fs.String("bank-file", "", "the bank's report file (.csv, .txt or .xlsx, by extension); default: ask the bank (History)")
	mapping := fs.String("mapping", "", "mapping of --bank-file: nestpay, generic or a YAML file (default: the POS's protocol, else generic)")
	apply := fs.Bool("apply", false, "enter the missing transactions and mark mismatches for review")
	reason := fs.String("reason", "", "the operator's reason, recorded with --apply (required with --apply)")
	operator := fs.String("operator", "", "operator name recorded with --apply (default: the OS user)")
	db := fs.String("db", "vpos.db", "SQLite store")
	format := fs.String("format", "text", "output: text, json or csv")
	tolerance := fs.Duration("tolerance", 10*time.Minute, "window beyond midnight for payments near the day's ends")
	all := fs.Bool("all", false, "list matched pairs too (json, csv)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	fail := func(err error) int { fmt.Fprintln(stderr, "vpos reconcile:", err); return 3 }
	switch {
	case *config == "" || *company == "" || *pos == "" || *date == "":
		fmt.Fprintln(stderr, "vpos reconcile: --config, --company, --pos and --date are required")
		return 2
	case *format != "text" && *format != "json" && *format != "csv":
		fmt.Fprintf(stderr, "vpos reconcile: --format %q: want text, json or csv\n", *format)
		return 2
	case *apply && *reason == "":
		fmt.Fprintln(stderr, "vpos reconcile: --apply needs --reason")
		return 2
	}
	day, err := time.ParseInLocation(time.DateOnly, *date, vpos.Istanbul())
	if err != nil {
		fmt.Fprintf(stderr, "vpos reconcile: --date %q: want YYYY-MM-DD\n", *date)
		return 2
	}
	if *operator == "" {
		*operator = "unknown"
		if u, err := user.Current(); err == nil && u.Username != "" {
			*operator = u.Username
		}
	}
	store, closeStore, err := openStore(ctx, *db)
	if err != nil {
		return fail(err)
	}
	defer closeStore()
	reg, err := terminals.Open(*config, &terminals.Options{Base: &vpos.Options{Store: store}})
	if err != nil {
		return fail(err)
	}
	client, err := reg.Client(*company, *pos)
	if err != nil {
		return fail(err)
	}
	from, to := vpos.IstanbulDay(day)
	defs := reg.Definitions()
	o := reconcile.Options{From: from, To: to, Tolerance: *tolerance, KeepMatched: *all || *format != "text"}
	o.Company, o.POS, o.Bank = *company, *pos, client.Features().Protocol
	for _, c := range defs.Companies {
		for _, p := range c.POS {
			if strings.EqualFold(c.Name, *company) && strings.EqualFold(p.Name, *pos) {
				o.Company, o.POS, o.Bank = c.Name, p.Name, p.Bank
			}
		}
	}
	prog := newProgress(stderr)
	m := reconcile.New(o)
	if *bankFile != "" {
		name := *mapping
		if name == "" {
			name = "generic"
			if client.Features().Protocol == "nestpay" {
				name = "nestpay"
			}
		}
		mp, err := reconcile.LoadMapping(name)
		if err != nil {
			return fail(err)
		}
		err = reconcile.ReadFile(*bankFile, mp, func(b vpos.BankTransaction) error { prog.tick("bank rows"); return m.AddBank(b) })
		if err != nil {
			return fail(err)
		}
		if !client.Features().History {
			o.Checker = reconcile.StatusChecker(client)
		}
	} else {
		rows, err := client.History(ctx, &vpos.HistoryRequest{From: from.Add(-*tolerance), To: to.Add(*tolerance)})
		if err != nil {
			return fail(fmt.Errorf("bank history (use --bank-file for banks without a date-range report): %w", err))
		}
		for _, b := range rows {
			prog.tick("bank rows")
			if err := m.AddBank(b); err != nil {
				return fail(err)
			}
		}
	}
	prog.done("bank rows")
	if o.Checker != nil {
		m.SetChecker(o.Checker)
	}
	err = reconcile.LoadLocal(ctx, store, o, func(t *vpos.Transaction) error {
		prog.tick("local records")
		m.AddTransaction(t)
		return nil
	})
	if err != nil {
		return fail(err)
	}
	prog.done("local records")
	rep, err := m.Finish(ctx)
	if err != nil {
		return fail(err)
	}
	switch *format {
	case "json":
		err = rep.WriteJSON(stdout)
	case "csv":
		err = rep.WriteCSV(stdout)
	default:
		err = rep.WriteText(stdout)
	}
	if err != nil {
		return fail(err)
	}
	if !*apply {
		if rep.Discrepancies() > 0 {
			return 1
		}
		return 0
	}
	res, err := reconcile.Apply(ctx, store, rep, *reason, *operator)
	if err != nil {
		return fail(err)
	}
	fmt.Fprintf(stderr, "applied: %d entered, %d updated, %d marked for review, %d unchanged\n", res.Entered, res.Updated, res.Noted, res.Unchanged)
	return 0
}

// progress prints a counter line on stderr for large inputs.
type progress struct {
	w    io.Writer
	n    int
	last time.Time
}

func newProgress(w io.Writer) *progress { return &progress{w: w, last: time.Now()} }

// every is how many rows pass between updates.
const every = 10000

func (p *progress) tick(what string) {
	p.n++
	if p.n%every == 0 && time.Since(p.last) > 200*time.Millisecond {
		p.last = time.Now()
		fmt.Fprintf(p.w, "\r%s: %d", what, p.n)
	}
}

func (p *progress) done(what string) {
	if p.n >= every {
		fmt.Fprintf(p.w, "\r%s: %d\n", what, p.n)
	}
	p.n = 0
}
