// Command vpos is the command-line companion of the vpos library.
//
//	vpos demo [-db FILE] [-bank NAME] [-config FILE]
//	vpos config check FILE
//	vpos sim [-addr 127.0.0.1:8090] [-print-config]
//
// The demo starts the fake banks in-process, takes payments through them
// with the library exactly as an application would (non-3D, declined,
// 3-D Secure through the ACS, pre-auth and partial capture, void, partial
// refund, status, history), stores every attempt in SQLite and prints what
// happened. It exits non-zero if any step does not behave as expected. With
// -config it uses a definitions file instead and, since those are real
// banks, moves no money: it checks that every POS answers a status query.
//
// config check validates a definitions file and prints its POS table with
// the secrets hidden.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func usage(w io.Writer) {
	fmt.Fprint(w, `usage: vpos <command> [flags]

commands:
  demo          take payments through the built-in fake banks and print what happened
                (-db FILE, -bank NAME, -config FILE: check real POS definitions, moving no money)
  config check  validate a definitions file and print its POS table, secrets hidden
  reconcile     compare a POS's stored transactions of a day with the bank's records
                (--config FILE --company C --pos P --date YYYY-MM-DD [--bank-file F
                [--mapping nestpay|generic|FILE.yaml]] [--apply --reason TEXT] [--db FILE]
                [--format text|json|csv])
  tx list       list the stored transactions (--db, --company, --pos, --status, --date)
  tx export     the same as CSV in the generic format (reconcile --mapping generic reads it)
  sim           serve every fake bank on one port (/nestpay/, /garanti/, /posnet/, /payflex/, /payfor/)
                and print a definitions file pointing at them (-addr HOST:PORT, -url BASE, -print-config)
`)
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	switch args[0] {
	case "demo":
		fs := flag.NewFlagSet("demo", flag.ContinueOnError)
		fs.SetOutput(stderr)
		db := fs.String("db", "vpos-demo.db", "SQLite file to store the transactions in (\":memory:\" keeps nothing)")
		bank := fs.String("bank", "", "run only this bank's demo (default: all)")
		config := fs.String("config", "", "definitions file: check every POS answers (moves no money)")
		if err := fs.Parse(args[1:]); err != nil {
			return 2
		}
		return demo(ctx, *db, *config, *bank, stdout, stderr)
	case "config":
		if len(args) != 3 || args[1] != "check" {
			fmt.Fprintln(stderr, "usage: vpos config check FILE")
			return 2
		}
		return configCheck(args[2], stdout, stderr)
	case "reconcile":
		return reconcileCmd(ctx, args[1:], stdout, stderr)
	case "tx":
		return txCmd(ctx, args[1:], stdout, stderr)
	case "sim":
		return simCmd(ctx, args[1:], stdout, stderr)
	case "help", "-h", "--help":
		usage(stdout)
		return 0
	default:
		fmt.Fprintf(stderr, "vpos: unknown command %q\n", args[0])
		usage(stderr)
		return 2
	}
}
