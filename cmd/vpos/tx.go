package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/reconcile"
)

// txCmd is `vpos tx list|export`: the store's transactions, filtered by
// company, POS, status and Istanbul day(s). Card numbers appear masked only.
func txCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || (args[0] != "list" && args[0] != "export") {
		fmt.Fprintln(stderr, "usage: vpos tx list|export [--db FILE] [--company C] [--pos P] [--status S[,S]] [--date YYYY-MM-DD | --from D --to D]")
		return 2
	}
	sub := args[0]
	fs := flag.NewFlagSet("tx "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", "vpos.db", "SQLite store")
	company := fs.String("company", "", "only this company")
	pos := fs.String("pos", "", "only this POS")
	status := fs.String("status", "", "only these statuses, comma-separated (approved, declined, voided, refunded, partially_refunded, ...)")
	date := fs.String("date", "", "only this Istanbul day, YYYY-MM-DD")
	fromS := fs.String("from", "", "first Istanbul day, YYYY-MM-DD")
	toS := fs.String("to", "", "last Istanbul day (inclusive), YYYY-MM-DD")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	f := vpos.ListFilter{Company: *company, POS: *pos, Limit: 500}
	for _, s := range strings.Split(*status, ",") {
		if s = strings.TrimSpace(s); s != "" {
			f.Status = append(f.Status, vpos.TxStatus(s))
		}
	}
	day := func(s, flagName string) (time.Time, time.Time, bool) {
		d, err := time.ParseInLocation(time.DateOnly, s, vpos.Istanbul())
		if err != nil {
			fmt.Fprintf(stderr, "vpos tx: --%s %q: want YYYY-MM-DD\n", flagName, s)
			return time.Time{}, time.Time{}, false
		}
		a, b := vpos.IstanbulDay(d)
		return a, b, true
	}
	var ok bool
	switch {
	case *date != "":
		if f.From, f.To, ok = day(*date, "date"); !ok {
			return 2
		}
	default:
		if *fromS != "" {
			if f.From, _, ok = day(*fromS, "from"); !ok {
				return 2
			}
		}
		if *toS != "" {
			if _, f.To, ok = day(*toS, "to"); !ok {
				return 2
			}
		}
	}
	store, closeStore, err := openStore(ctx, *db)
	if err != nil {
		fmt.Fprintln(stderr, "vpos tx:", err)
		return 3
	}
	defer closeStore()
	var each func(*vpos.Transaction) error
	var finish func() error
	if sub == "export" {
		gw := reconcile.NewGenericWriter(stdout)
		each, finish = gw.Write, gw.Flush
	} else {
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "TIME (ISTANBUL)\tCOMPANY\tPOS\tOP\tORDER\tAMOUNT\tCURRENCY\tSTATUS\tBANK TX ID\tCARD\tSOURCE")
		n := 0
		each = func(t *vpos.Transaction) error {
			n++
			_, err := fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", t.CreatedAt.In(vpos.Istanbul()).Format("2006-01-02 15:04:05"),
				t.Company, t.POS, t.Op, t.OrderID, t.Amount.Decimal(t.Currency), t.Currency, t.Status, dash(t.BankTransactionID),
				dash(vpos.MaskPAN(t.MaskedPAN)), t.Source)
			return err
		}
		finish = func() error {
			if err := tw.Flush(); err != nil {
				return err
			}
			_, err := fmt.Fprintf(stdout, "%d transactions\n", n)
			return err
		}
	}
	for {
		recs, next, err := store.List(ctx, f)
		if err != nil {
			fmt.Fprintln(stderr, "vpos tx:", err)
			return 3
		}
		for _, t := range recs {
			if err := each(t); err != nil {
				fmt.Fprintln(stderr, "vpos tx:", err)
				return 3
			}
		}
		if next == "" {
			break
		}
		f.Cursor = next
	}
	if err := finish(); err != nil {
		fmt.Fprintln(stderr, "vpos tx:", err)
		return 3
	}
	return 0
}
